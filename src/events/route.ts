/** EventBridge on the shared endpoint: AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`. */
import { AWS_JSON_1_1, awsJsonRoute } from '../protocol/aws-json';
import type { Route } from '../protocol/http';
import type { Input } from './params';
import type { LocalEvents } from './service';

export function eventsRoute(service: LocalEvents, log?: (line: string) => void): Route {
  const operations: Record<string, (input: Input) => unknown> = {
    PutEvents: (i) => service.putEvents(i),
    PutRule: (i) => service.putRule(i),
    DescribeRule: (i) => service.describeRule(i),
    ListRules: (i) => service.listRules(i),
    DeleteRule: (i) => service.deleteRule(i),
    EnableRule: (i) => service.enableRule(i),
    DisableRule: (i) => service.disableRule(i),
    PutTargets: (i) => service.putTargets(i),
    RemoveTargets: (i) => service.removeTargets(i),
    ListTargetsByRule: (i) => service.listTargetsByRule(i),
    ListRuleNamesByTarget: (i) => service.listRuleNamesByTarget(i),
    TestEventPattern: (i) => service.testEventPattern(i),
    CreateEventBus: (i) => service.buses.createEventBus(i),
    DescribeEventBus: (i) => service.buses.describeEventBus(i),
    ListEventBuses: (i) => service.buses.listEventBuses(i),
    DeleteEventBus: (i) => service.buses.deleteEventBus(i),
  };
  return awsJsonRoute({
    targetPrefix: 'AWSEvents',
    namespace: 'com.amazonaws.eventbridge',
    contentType: AWS_JSON_1_1,
    operations,
    ...(log ? { log } : {}),
  });
}
