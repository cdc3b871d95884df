/**
 * Rules: `workflows/rules.json` (read locally by `fanout serve`) as EventBridge rules on the default bus. Each
 * `${Name}` in a pattern or a target is looked up in the substitution table: a queue name is the stack's queue, a
 * bucket in `buckets` gets its EventBridge notifications switched on. Targets deliver with the file's retry
 * policy and park what they cannot deliver in the named dead-letter queue (alarmed in messaging.ts).
 * infra/ never imports src/, so the few fields it needs are read here.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SubstitutionTable } from './substitutions';
import type { Workflows } from './workflows/workflows';

export class RulesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesFileError';
  }
}

interface RawTarget {
  id?: unknown;
  workflow?: unknown;
  queue?: unknown;
  input?: unknown;
  retryPolicy?: { maximumRetryAttempts?: unknown; maximumEventAgeInSeconds?: unknown };
  deadLetterQueue?: unknown;
}

interface RawRule {
  name?: unknown;
  description?: unknown;
  state?: unknown;
  eventPattern?: unknown;
  targets?: RawTarget[];
}

export interface RulesProps {
  readonly file: string;
  readonly table: SubstitutionTable;
  readonly workflows: Workflows;
}

export class Rules extends Construct {
  readonly rules: readonly events.Rule[];

  constructor(scope: Construct, id: string, props: RulesProps) {
    super(scope, id);
    const raw = JSON.parse(readFileSync(props.file, 'utf8')) as { buckets?: unknown[]; rules?: RawRule[] };
    const where = basename(props.file);
    const binding = (text: unknown, kind: 'bucket' | 'sqs-queue', at: string) => {
      const name = /^\$\{([A-Za-z0-9_.:-]+)\}$/.exec(String(text))?.[1];
      const found = name === undefined ? undefined : props.table[name];
      if (found === undefined || found.kind !== kind) {
        throw new RulesFileError(
          `${where}: ${at} must be a \${Name} the stack binds to a ${kind}, not ${String(text)}`,
        );
      }
      return found;
    };
    for (const [i, text] of (raw.buckets ?? []).entries()) {
      const found = binding(text, 'bucket', `buckets[${i}]`);
      if (found.kind !== 'bucket') continue;
      enableEventBridge(found.bucket);
    }
    const queueOf = (text: unknown, at: string): sqs.IQueue => {
      const found = binding(text, 'sqs-queue', at);
      if (found.kind !== 'sqs-queue') throw new RulesFileError(`${where}: ${at} is not a queue`);
      return found.queue;
    };
    this.rules = (raw.rules ?? []).map((rule, i) => {
      const name = String(rule.name);
      const created = new events.Rule(this, name, {
        ruleName: `${Stack.of(this).stackName}-${name}`,
        ...(typeof rule.description === 'string' ? { description: rule.description } : {}),
        enabled: rule.state !== 'DISABLED',
        // Replaced below by the file's pattern, written as EventBridge takes it.
        eventPattern: { source: ['placeholder'] },
      });
      (created.node.defaultChild as events.CfnRule).addPropertyOverride(
        'EventPattern',
        substitute(rule.eventPattern, props.table, `${where}: rules[${i}].eventPattern`),
      );
      for (const [j, target] of (rule.targets ?? []).entries()) {
        const at = `rules[${i}].targets[${j}]`;
        const options = {
          retryAttempts: numberOr(target.retryPolicy?.maximumRetryAttempts, 185),
          maxEventAge: Duration.seconds(numberOr(target.retryPolicy?.maximumEventAgeInSeconds, 86_400)),
          ...(target.deadLetterQueue === undefined
            ? {}
            : { deadLetterQueue: queueOf(target.deadLetterQueue, `${at}.deadLetterQueue`) }),
          ...(target.input === undefined
            ? {}
            : {
                message: events.RuleTargetInput.fromText(
                  typeof target.input === 'string' ? target.input : JSON.stringify(target.input),
                ),
              }),
        };
        if (target.queue !== undefined) {
          created.addTarget(new targets.SqsQueue(queueOf(target.queue, `${at}.queue`), options));
        } else {
          const workflowName = basename(String(target.workflow)).replace(/\.asl\.json$/, '');
          const workflow = props.workflows.find(workflowName);
          if (workflow === undefined) {
            throw new RulesFileError(`${where}: ${at} targets ${workflowName}.asl.json, which is not deployed`);
          }
          const { message, ...rest } = options as typeof options & { message?: events.RuleTargetInput };
          created.addTarget(
            new targets.SfnStateMachine(workflow.stateMachine, { ...rest, ...(message ? { input: message } : {}) }),
          );
        }
      }
      return created;
    });
  }
}

/** EventBridge notifications on the bucket itself (NotificationConfiguration), with no custom-resource Lambda. */
function enableEventBridge(bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket | undefined;
  if (cfn === undefined) throw new RulesFileError(`bucket ${bucket.node.path} is not defined in this stack`);
  cfn.addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
}

/** The pattern with every string that is exactly `${Name}` replaced by the stack's value for it. */
function substitute(value: unknown, table: SubstitutionTable, at: string): unknown {
  if (typeof value === 'string') {
    const name = /^\$\{([A-Za-z0-9_.:-]+)\}$/.exec(value)?.[1];
    if (name === undefined) {
      if (value.includes('${')) throw new RulesFileError(`${at}: a placeholder must be the whole string: ${value}`);
      return value;
    }
    const found = table[name];
    if (found === undefined) throw new RulesFileError(`${at}: the stack has no value for \${${name}}`);
    return found.value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, table, at));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, table, at)]));
  }
  return value;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
