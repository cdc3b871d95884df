/**
 * Schedule: each entry of `workflows/schedules.json` (EventBridge Scheduler's own shape, read locally by
 * `fanout serve`) becomes an EventBridge Scheduler schedule whose target is the workflow's state machine, with a
 * retry policy and a dead-letter queue. infra/ never imports src/, so the few fields it needs are read here.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Workflows } from './workflows/workflows';

export interface ScheduleEntry {
  readonly name: string;
  readonly description: string;
  readonly scheduleExpression: string;
  readonly timeZone: string;
  readonly enabled: boolean;
  /** The workflow name (file name without `.asl.json`). */
  readonly workflow: string;
  /** The target input as given; undefined: the execution gets the scheduled event, as locally. */
  readonly input: string | undefined;
  /** Minutes; undefined: fire exactly on time. */
  readonly flexibleWindowMinutes: number | undefined;
}

export class SchedulesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulesFileError';
  }
}

/** Reads and checks the schedules file; every problem is listed with its path. */
export function readSchedules(path: string): ScheduleEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SchedulesFileError(`${path}: ${(error as Error).message}`);
  }
  const list = (raw as { schedules?: unknown } | null)?.schedules;
  if (!Array.isArray(list)) throw new SchedulesFileError(`${path}: "schedules" must be an array`);
  const problems: string[] = [];
  const entries: ScheduleEntry[] = [];
  list.forEach((item: unknown, i) => {
    const at = `schedules[${i}]`;
    const e = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const target = (typeof e['target'] === 'object' && e['target'] !== null ? e['target'] : {}) as Record<
      string,
      unknown
    >;
    const name = e['name'];
    const scheduleExpression = e['scheduleExpression'];
    const workflow = target['workflow'];
    const timeZone = e['scheduleExpressionTimezone'] ?? 'UTC';
    const state = e['state'] ?? 'ENABLED';
    const window = e['flexibleTimeWindow'] as { mode?: unknown; maximumWindowInMinutes?: unknown } | undefined;
    if (typeof name !== 'string' || !/^[0-9a-zA-Z._-]{1,64}$/.test(name))
      problems.push(`${at}.name: 1-64 of [0-9a-zA-Z._-]`);
    if (typeof scheduleExpression !== 'string' || !/^(cron|rate|at)\(.+\)$/.test(scheduleExpression)) {
      problems.push(`${at}.scheduleExpression: cron(...), rate(...) or at(...)`);
    }
    if (typeof timeZone !== 'string') problems.push(`${at}.scheduleExpressionTimezone: an IANA time zone name`);
    if (state !== 'ENABLED' && state !== 'DISABLED') problems.push(`${at}.state: ENABLED or DISABLED`);
    if (typeof workflow !== 'string' || !workflow.endsWith('.asl.json')) {
      problems.push(`${at}.target.workflow: a workflow file (workflows/NAME.asl.json)`);
    }
    const input = target['input'];
    if (input !== undefined && typeof input !== 'string' && (typeof input !== 'object' || input === null)) {
      problems.push(`${at}.target.input: JSON text or an object`);
    }
    if (
      typeof name !== 'string' ||
      typeof scheduleExpression !== 'string' ||
      typeof timeZone !== 'string' ||
      typeof workflow !== 'string'
    ) {
      return;
    }
    entries.push({
      name,
      description: typeof e['description'] === 'string' ? e['description'] : '',
      scheduleExpression,
      timeZone,
      enabled: state === 'ENABLED',
      workflow: basename(workflow).replace(/\.asl\.json$/, ''),
      input: input === undefined ? undefined : typeof input === 'string' ? input : JSON.stringify(input),
      flexibleWindowMinutes:
        window?.mode === 'FLEXIBLE' && typeof window.maximumWindowInMinutes === 'number'
          ? window.maximumWindowInMinutes
          : undefined,
    });
  });
  if (problems.length > 0)
    throw new SchedulesFileError(`${path} is not a valid schedules file:\n  - ${problems.join('\n  - ')}`);
  return entries;
}

export interface SchedulesProps {
  readonly entries: readonly ScheduleEntry[];
  readonly workflows: Workflows;
  /** Where a start is parked once the retries are spent. */
  readonly deadLetterQueue: sqs.IQueue;
}

export class Schedules extends Construct {
  readonly schedules: readonly scheduler.Schedule[];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.schedules = props.entries.map((entry) => {
      const workflow = props.workflows.find(entry.workflow);
      if (workflow === undefined) {
        throw new SchedulesFileError(
          `workflows/schedules.json: schedule '${entry.name}' targets ${entry.workflow}.asl.json, which is not deployed`,
        );
      }
      return new scheduler.Schedule(this, entry.name, {
        scheduleName: `${Stack.of(this).stackName}-${entry.name}`,
        description: entry.description,
        schedule: scheduler.ScheduleExpression.expression(entry.scheduleExpression, TimeZone.of(entry.timeZone)),
        enabled: entry.enabled,
        timeWindow:
          entry.flexibleWindowMinutes === undefined
            ? scheduler.TimeWindow.off()
            : scheduler.TimeWindow.flexible(Duration.minutes(entry.flexibleWindowMinutes)),
        target: new targets.StepFunctionsStartExecution(workflow.stateMachine, {
          input:
            entry.input === undefined
              ? scheduledEvent(Stack.of(this))
              : scheduler.ScheduleTargetInput.fromText(entry.input),
          // Throttling or a brief outage: retry for up to an hour, then park the start in the DLQ (alarmed).
          retryAttempts: 10,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: props.deadLetterQueue,
        }),
      });
    });
  }
}

/**
 * Locally a schedule without input starts its workflow with EventBridge's "Scheduled Event"
 * (src/schedules/scheduled-event.ts); Scheduler sends no such document by itself, so the same shape is written
 * here with Scheduler's context attributes — `time` is the slot, which is what nightly-etl reads the night from.
 */
function scheduledEvent(stack: Stack): scheduler.ScheduleTargetInput {
  return scheduler.ScheduleTargetInput.fromObject({
    version: '0',
    id: scheduler.ContextAttribute.executionId,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: stack.account,
    time: scheduler.ContextAttribute.scheduledTime,
    region: stack.region,
    resources: [scheduler.ContextAttribute.scheduleArn],
    detail: {},
  });
}
