/** The rules page's data: the local EventBridge's rules in the shape the web page shows them. */
import type { LocalEvents, Target } from '../events';
import type { RuleView } from '../ui/resource-views';

export function ruleViews(events: LocalEvents): RuleView[] {
  return events.ruleViews().map((rule) => ({
    name: rule.name,
    bus: rule.bus,
    arn: rule.arn,
    state: rule.state,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    ...(rule.eventPattern === undefined ? {} : { eventPattern: rule.eventPattern }),
    ...(rule.scheduleExpression === undefined ? {} : { scheduleExpression: rule.scheduleExpression }),
    targets: rule.targets.map((t) => ({
      id: t.Id,
      arn: t.Arn,
      input: inputOf(t),
      retry: `${t.RetryPolicy?.MaximumRetryAttempts ?? 185} attempts, ${t.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400} s`,
      ...(t.DeadLetterConfig?.Arn === undefined ? {} : { deadLetterQueue: t.DeadLetterConfig.Arn }),
    })),
    deliveries: rule.deliveries.map((d) => {
      const event = JSON.parse(d.event) as { source?: string; 'detail-type'?: string };
      return {
        time: d.time,
        eventId: d.eventId,
        event: `${event.source ?? ''} · ${event['detail-type'] ?? ''}`,
        targetId: d.targetId,
        outcome: d.outcome,
        attempts: d.attempts,
        ...(d.resourceArn === undefined ? {} : { resourceArn: d.resourceArn }),
        ...(d.error === undefined ? {} : { error: d.error }),
      };
    }),
  }));
}

function inputOf(target: Target): string {
  if (target.Input !== undefined) return `Input ${target.Input}`;
  if (target.InputPath !== undefined) return `InputPath ${target.InputPath}`;
  if (target.InputTransformer !== undefined) return `InputTransformer ${target.InputTransformer.InputTemplate}`;
  return 'the event';
}
