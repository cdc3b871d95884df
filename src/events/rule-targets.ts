/** PutTargets, RemoveTargets and ListTargetsByRule over a rule's targets: each Target checked as AWS checks it. */
import { targetKind } from './delivery';
import { eventsError, validation } from './errors';
import { checkInput } from './input';
import type { Target } from './model';
import { checkName, list, optionalInteger, page, requiredString, type Input } from './params';
import type { EventsTables, RuleRecord } from './tables';

const MAX_TARGETS_PER_RULE = 5;

export interface FailedTargets {
  FailedEntryCount: number;
  FailedEntries: { TargetId: string; ErrorCode: string; ErrorMessage: string }[];
}

export function putTargets(tables: EventsTables, rule: RuleRecord, input: Input): FailedTargets {
  const targets = list(input, 'Targets', 1, 10).map((raw) => toTarget(raw));
  const existing = new Set(tables.targets(rule.bus, rule.name).map((t) => t.Id));
  const failed: FailedTargets['FailedEntries'] = [];
  const refuse = (target: Target, message: string): void => {
    failed.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: message });
  };
  for (const target of targets) {
    if (targetKind(target.Arn) === undefined) {
      refuse(target, `fanout delivers only to state machines and SQS queues, not ${target.Arn}.`);
      continue;
    }
    const dlq = target.DeadLetterConfig?.Arn;
    if (dlq !== undefined && targetKind(dlq) !== 'sqs') {
      refuse(target, `DeadLetterConfig.Arn must be an SQS queue ARN, not ${dlq}.`);
      continue;
    }
    if (!existing.has(target.Id) && existing.size >= MAX_TARGETS_PER_RULE) {
      throw eventsError(
        'LimitExceededException',
        `The requested resource exceeds the maximum number allowed: a rule has at most ${MAX_TARGETS_PER_RULE} targets.`,
      );
    }
    existing.add(target.Id);
    tables.putTarget(rule.bus, rule.name, target);
  }
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

export function removeTargets(tables: EventsTables, rule: RuleRecord, input: Input): FailedTargets {
  const failed: FailedTargets['FailedEntries'] = [];
  for (const id of list(input, 'Ids', 1, 100)) {
    if (typeof id !== 'string' || !tables.deleteTarget(rule.bus, rule.name, id)) {
      failed.push({
        TargetId: String(id),
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Target ${String(id)} does not exist on rule ${rule.name}.`,
      });
    }
  }
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

export function listTargetsByRule(
  tables: EventsTables,
  rule: RuleRecord,
  input: Input,
): { Targets: Target[]; NextToken?: string } {
  const { items, nextToken } = page(input, tables.targets(rule.bus, rule.name));
  return { Targets: items, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}

function toTarget(raw: unknown): Target {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validation('Each target must be an object.');
  const input = raw as Input;
  const target: Target = {
    ...(raw as Target),
    Id: checkName(requiredString(input, 'Id'), 'Id'),
    Arn: requiredString(input, 'Arn'),
  };
  const retry = target.RetryPolicy;
  if (retry !== undefined) {
    optionalInteger(retry as Input, 'MaximumRetryAttempts', 0, 185);
    optionalInteger(retry as Input, 'MaximumEventAgeInSeconds', 60, 86_400);
  }
  checkInput(target);
  return target;
}
