/**
 * RedriveExecution (spec §2): reopens a failed, timed-out or aborted STANDARD execution and runs it again from
 * its unfinished state with its earlier history (the engine appends ExecutionRedriven and continues; a
 * Distributed Map state continues its Map Run).
 */
import type { RedriveExecutionOutput } from '@aws-sdk/client-sfn';
import type { Clock } from '../engine';
import type { ExecutionRecord } from '../store/executions';
import type { Store } from '../store/store';
import { serviceError } from './errors';
import type { ExecutionHost } from './execution-host';
import type { ExecutionLaunch } from './execution-launch';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A closed execution can be redriven for 14 days. */
const REDRIVE_WINDOW_MS = 14 * DAY_MS;
/** ...if it started less than a year ago... */
const MAX_EXECUTION_AGE_MS = 365 * DAY_MS;
/** ...and its history has room for the redrive's events. */
const MAX_HISTORY_EVENTS = 24999;
/** RedriveExecution.clientToken: the last 10 tokens are honoured for 15 minutes. */
const TOKEN_TTL_MS = 15 * 60 * 1000;
const TOKENS_KEPT = 10;

export interface RedriveTarget {
  execution: ExecutionRecord;
  executionArn: string;
  machine: ExecutionLaunch['machine'];
  machineType: 'STANDARD' | 'EXPRESS';
}

export class ExecutionRedrives {
  private readonly tokens: { executionId: number; token: string; at: number; redriveDate: number }[] = [];

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      start: ExecutionHost['start'];
    },
  ) {}

  redrive(target: RedriveTarget, clientToken: string | undefined): RedriveExecutionOutput {
    const { store, clock } = this.deps;
    const { execution } = target;
    const now = clock.now();
    const repeated = clientToken === undefined ? undefined : this.tokenFor(execution.id, clientToken, now);
    if (repeated !== undefined) return { redriveDate: new Date(repeated) };
    const refusal = refusalReason(target, now, store.history.lastEventId(execution.id));
    if (refusal !== undefined) {
      throw serviceError('ExecutionNotRedrivable', `Execution '${target.executionArn}' cannot be redriven: ${refusal}`);
    }
    const priorEvents = store.history.all(execution.id);
    store.redrives.reopen(execution.id, now);
    this.deps.start(execution.stateMachineId, {
      executionId: execution.id,
      executionArn: target.executionArn,
      name: execution.name,
      inputText: execution.input,
      startDate: execution.startDate,
      redriveCount: execution.redriveCount + 1,
      machine: target.machine,
      mode: 'redrive',
      priorEvents,
    });
    if (clientToken !== undefined) this.remember(execution.id, clientToken, now);
    return { redriveDate: new Date(now) };
  }

  private tokenFor(executionId: number, token: string, now: number): number | undefined {
    const hit = this.tokens.find((t) => t.executionId === executionId && t.token === token);
    return hit && now - hit.at <= TOKEN_TTL_MS ? hit.redriveDate : undefined;
  }

  private remember(executionId: number, token: string, now: number): void {
    this.tokens.push({ executionId, token, at: now, redriveDate: now });
    if (this.tokens.length > TOKENS_KEPT) this.tokens.shift();
  }
}

/** Why AWS would refuse to redrive the execution; undefined when it can be redriven. */
export function refusalReason(target: RedriveTarget, now: number, eventCount: number): string | undefined {
  const { execution } = target;
  if (target.machineType === 'EXPRESS') return 'Express executions cannot be redriven';
  if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED' || execution.status === 'PENDING_REDRIVE') {
    return `Execution is ${execution.status} and cannot be redriven`;
  }
  if (execution.stopDate !== undefined && now - execution.stopDate > REDRIVE_WINDOW_MS) {
    return 'Execution was closed more than 14 days ago';
  }
  if (now - execution.startDate >= MAX_EXECUTION_AGE_MS) return 'Execution started more than a year ago';
  if (eventCount >= MAX_HISTORY_EVENTS) return `Execution history has ${eventCount} events`;
  return undefined;
}
