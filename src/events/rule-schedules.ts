/**
 * Rules with a ScheduleExpression fire while the server runs: one timer per enabled scheduled rule, armed for its
 * next slot (cron in UTC, to the minute; rate counted from the rule's creation, as EventBridge does). A rule put,
 * enabled, disabled or deleted re-arms its timer. Slots that passed while the server was down are not replayed.
 * The expressions are src/schedules' (the server passes them in: src/events cannot import that folder).
 */
import type { EventsClock } from './clock';
import { validation } from './errors';
import type { RuleRecord } from './tables';

/** Parses and steps `cron(...)`/`rate(...)`. */
export interface ScheduleExpressions {
  /** Throws an Error saying what is wrong with the expression. */
  check(expression: string): void;
  /** The first fire time strictly after `after`; rate() slots count from `anchor`. */
  next(expression: string, after: number, anchor: number): number | undefined;
}

/** Timers longer than this are re-armed on waking, so clock jumps and sleeps are noticed within the hour. */
const MAX_TIMER_MS = 3_600_000;

export interface RuleSchedulesOptions {
  expressions: ScheduleExpressions;
  clock: EventsClock;
  /** The rule as stored now (it may have changed since its timer was armed). */
  lookup(bus: string, name: string): RuleRecord | undefined;
  fire(rule: RuleRecord, slot: number): void;
  log?: (line: string) => void;
}

export class RuleSchedules {
  private readonly timers = new Map<string, unknown>();
  private closed = false;

  constructor(private readonly options: RuleSchedulesOptions) {}

  /** Refuses what EventBridge rules refuse: `at(...)`, and anything src/schedules cannot parse. */
  check(expression: string): void {
    if (!/^\s*(cron|rate)\(/.test(expression)) {
      throw validation(
        `Parameter ScheduleExpression is not valid: a rule takes cron(...) or rate(...), not ${expression}.`,
      );
    }
    try {
      this.options.expressions.check(expression);
    } catch (error) {
      throw validation(`Parameter ScheduleExpression is not valid: ${(error as Error).message}`);
    }
  }

  /** Arms, re-arms or clears the rule's timer to match what is stored. */
  sync(bus: string, name: string): void {
    const key = `${bus}/${name}`;
    const handle = this.timers.get(key);
    if (handle !== undefined) this.options.clock.clearTimeout(handle);
    this.timers.delete(key);
    const rule = this.options.lookup(bus, name);
    if (rule !== undefined) this.arm(rule, this.options.clock.now());
  }

  close(): void {
    this.closed = true;
    for (const handle of this.timers.values()) this.options.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private arm(rule: RuleRecord, after: number): void {
    const expression = rule.scheduleExpression;
    if (this.closed || expression === undefined || rule.state === 'DISABLED') return;
    const { clock } = this.options;
    const slot = this.options.expressions.next(expression, after, rule.created);
    if (slot === undefined) {
      this.options.log?.(`rule ${rule.name}: ${expression} has no further fire time`);
      return;
    }
    const wait = Math.min(Math.max(0, slot - clock.now()), MAX_TIMER_MS);
    this.timers.set(
      `${rule.bus}/${rule.name}`,
      clock.setTimeout(() => this.ring(rule.bus, rule.name, slot), wait),
    );
  }

  private ring(bus: string, name: string, slot: number): void {
    this.timers.delete(`${bus}/${name}`);
    const rule = this.options.lookup(bus, name);
    if (this.closed || rule?.scheduleExpression === undefined || rule.state === 'DISABLED') return;
    const now = this.options.clock.now();
    if (now >= slot) this.options.fire(rule, slot);
    this.arm(rule, now >= slot ? Math.max(slot, now) : slot - 1);
  }
}
