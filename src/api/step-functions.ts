/** The Step Functions JSON API (`X-Amz-Target: AWSStepFunctions.<Operation>`) over LocalStepFunctions. */
import type { LocalStepFunctions } from '../runtime';
import { awsJsonRoute } from '../protocol/aws-json';
import type { Route } from '../protocol/http';

type Operation = (input: Record<string, unknown>, signal?: AbortSignal) => unknown;

export function stepFunctionsOperations(service: LocalStepFunctions): Record<string, Operation> {
  return {
    CreateStateMachine: (i) => service.createStateMachine(i),
    DescribeStateMachine: (i) => service.describeStateMachine(i),
    UpdateStateMachine: (i) => service.updateStateMachine(i),
    DeleteStateMachine: (i) => service.deleteStateMachine(i),
    ListStateMachines: (i) => service.listStateMachines(i),
    ValidateStateMachineDefinition: (i) => service.validateStateMachineDefinition(i),
    StartExecution: (i) => service.startExecution(i),
    StartSyncExecution: (i) => service.startSyncExecution(i),
    DescribeExecution: (i) => service.describeExecution(i),
    StopExecution: (i) => service.stopExecution(i),
    ListExecutions: (i) => service.listExecutions(i),
    GetExecutionHistory: (i) => service.getExecutionHistory(i),
    DescribeStateMachineForExecution: (i) => service.describeStateMachineForExecution(i),
    SendTaskSuccess: (i) => service.sendTaskSuccess(i),
    SendTaskFailure: (i) => service.sendTaskFailure(i),
    SendTaskHeartbeat: (i) => service.sendTaskHeartbeat(i),
    RedriveExecution: (i) => service.redriveExecution(i),
    DescribeMapRun: (i) => service.describeMapRun(i),
    ListMapRuns: (i) => service.listMapRuns(i),
    UpdateMapRun: (i) => service.updateMapRun(i),
    TestState: (i) => service.testState(i),
    PublishStateMachineVersion: (i) => service.versions.publishStateMachineVersion(i),
    ListStateMachineVersions: (i) => service.versions.listStateMachineVersions(i),
    DeleteStateMachineVersion: (i) => service.versions.deleteStateMachineVersion(i),
    CreateStateMachineAlias: (i) => service.aliases.createStateMachineAlias(i),
    DescribeStateMachineAlias: (i) => service.aliases.describeStateMachineAlias(i),
    UpdateStateMachineAlias: (i) => service.aliases.updateStateMachineAlias(i),
    DeleteStateMachineAlias: (i) => service.aliases.deleteStateMachineAlias(i),
    ListStateMachineAliases: (i) => service.aliases.listStateMachineAliases(i),
    CreateActivity: (i) => service.activities.createActivity(i),
    DescribeActivity: (i) => service.activities.describeActivity(i),
    DeleteActivity: (i) => service.activities.deleteActivity(i),
    ListActivities: (i) => service.activities.listActivities(i),
    GetActivityTask: (i, signal) => service.activities.getActivityTask(i, signal),
    TagResource: (i) => service.tags.tagResource(i),
    UntagResource: (i) => service.tags.untagResource(i),
    ListTagsForResource: (i) => service.tags.listTagsForResource(i),
  };
}

export function stepFunctionsRoute(service: LocalStepFunctions, log?: (line: string) => void): Route {
  return awsJsonRoute({
    targetPrefix: 'AWSStepFunctions',
    namespace: 'com.amazonaws.sfn',
    operations: stepFunctionsOperations(service),
    ...(log ? { log } : {}),
  });
}
