/**
 * Fires schedules while the server runs. Each schedule has one timer armed for its next slot; when it rings, the
 * slot is claimed in SQLite (a slot already claimed — by an earlier run of the server, or by run-missed — is not
 * fired again) and an execution of the schedule's workflow starts with the scheduled event as input. Slots that
 * passed while the server was down are not replayed: `fanout schedule run-missed` does that on request.
 */
import type { ScheduleFiringTable } from '../store/schedule-firings';
import { nextFireTime } from './expression';
import type { Schedule } from './schedule-file';
import { eventTime, executionNameFor, scheduleArn, scheduledEvent, type EventLocation } from './scheduled-event';

/** Where schedules start executions: the in-process service, or an endpoint through the SDK. */
export interface ScheduleTarget {
  /** Creates or updates the state machine of the schedule's workflow; its ARN. */
  deploy(schedule: Schedule): Promise<string>;
  /** Starts an execution; its ARN. */
  start(stateMachineArn: string, name: string, input: string): Promise<string>;
}

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Timers longer than this are re-armed on waking, so clock jumps and sleeps are noticed within the hour. */
const MAX_TIMER_MS = 3_600_000;

export interface SchedulerOptions {
  schedules: readonly Schedule[];
  firings: ScheduleFiringTable;
  target: ScheduleTarget;
  location: EventLocation;
  /** @default the system clock */
  clock?: SchedulerClock;
  log?: (line: string) => void;
  /**
   * A timer that rings later than this after its slot (the machine slept, the process was stopped) counts the
   * slot as missed rather than starting it late. @default 5 minutes
   */
  graceMs?: number;
}

export type FireOutcome =
  { status: 'started'; executionArn: string } | { status: 'already-fired' } | { status: 'failed'; error: string };

export class Scheduler {
  private readonly clock: SchedulerClock;
  private readonly timers = new Map<string, unknown>();
  private readonly machines = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Deploys every enabled schedule's workflow and arms its timer; a schedule that cannot deploy is logged and skipped. */
  async start(): Promise<void> {
    for (const schedule of this.options.schedules) {
      if (!schedule.enabled) continue;
      try {
        this.machines.set(schedule.name, await this.options.target.deploy(schedule));
      } catch (error) {
        this.log(
          `schedule ${schedule.name}: cannot deploy ${schedule.workflow}: ${messageOf(error)}; it will not fire`,
        );
        continue;
      }
      this.arm(schedule, this.clock.now());
    }
  }

  /** The slot each armed schedule waits for. */
  pending(): Map<string, number> {
    const out = new Map<string, number>();
    for (const schedule of this.options.schedules) {
      const next = this.machines.has(schedule.name) ? this.next(schedule, this.clock.now()) : undefined;
      if (next !== undefined) out.set(schedule.name, next);
    }
    return out;
  }

  /** Fires one slot unless it was fired before. */
  async fire(schedule: Schedule, slot: number, trigger: 'schedule' | 'run-missed'): Promise<FireOutcome> {
    const { firings, target } = this.options;
    if (!firings.claim(schedule.name, slot, trigger, this.clock.now())) return { status: 'already-fired' };
    try {
      const machine = this.machines.get(schedule.name) ?? (await target.deploy(schedule));
      this.machines.set(schedule.name, machine);
      const executionArn = await target.start(
        machine,
        executionNameFor(schedule.name, slot),
        this.inputFor(schedule, slot),
      );
      firings.complete(schedule.name, slot, { executionArn });
      this.log(`schedule ${schedule.name}: fired ${eventTime(slot)} → ${executionArn}`);
      return { status: 'started', executionArn };
    } catch (error) {
      const message = messageOf(error);
      firings.complete(schedule.name, slot, { error: message });
      this.log(`schedule ${schedule.name}: slot ${eventTime(slot)} could not start: ${message}`);
      return { status: 'failed', error: message };
    }
  }

  close(): void {
    this.closed = true;
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private next(schedule: Schedule, after: number): number | undefined {
    return nextFireTime(schedule.expression, after, {
      timeZone: schedule.timeZone,
      ...(schedule.startDate === undefined ? {} : { anchor: schedule.startDate }),
    });
  }

  private arm(schedule: Schedule, after: number): void {
    if (this.closed) return;
    const slot = this.next(schedule, after);
    if (slot === undefined) {
      this.log(`schedule ${schedule.name}: ${schedule.expression.text} has no further fire time`);
      return;
    }
    const wait = Math.min(Math.max(0, slot - this.clock.now()), MAX_TIMER_MS);
    this.timers.set(
      schedule.name,
      this.clock.setTimeout(() => void this.ring(schedule, slot), wait),
    );
  }

  private async ring(schedule: Schedule, slot: number): Promise<void> {
    this.timers.delete(schedule.name);
    if (this.closed) return;
    const now = this.clock.now();
    if (now < slot) {
      this.arm(schedule, slot - 1);
      return;
    }
    const late = now - slot;
    if (late > (this.options.graceMs ?? 300_000)) {
      this.log(
        `schedule ${schedule.name}: slot ${eventTime(slot)} missed (the timer rang ${Math.round(late / 1000)} s late); fanout schedule run-missed starts it`,
      );
    } else {
      await this.fire(schedule, slot, 'schedule');
    }
    this.arm(schedule, Math.max(slot, now));
  }

  /** The target's Input with Scheduler's context attributes filled, or the scheduled event. */
  private inputFor(schedule: Schedule, slot: number): string {
    if (schedule.input === undefined) return JSON.stringify(scheduledEvent(schedule.name, slot, this.options.location));
    return schedule.input
      .replace(/<aws\.scheduler\.scheduled-time>/g, eventTime(slot))
      .replace(/<aws\.scheduler\.schedule-arn>/g, scheduleArn(schedule.name, this.options.location))
      .replace(/<aws\.scheduler\.attempt-number>/g, '1')
      .replace(/<aws\.scheduler\.execution-id>/g, executionNameFor(schedule.name, slot));
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
