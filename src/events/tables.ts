/**
 * The EventBridge tables (created by the store's migrations): buses, rules, targets (each the Target structure
 * PutTargets received, as JSON), and each rule's latest deliveries — kept to the newest KEPT_DELIVERIES a rule,
 * besides those waiting to retry (with the target they retry and when), which stay until they end.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import type { Target } from './model';

/** Deliveries kept per rule, for the rules page. */
export const KEPT_DELIVERIES = 100;

export interface BusRecord {
  name: string;
  description?: string;
  created: number;
}

export interface RuleRecord {
  bus: string;
  name: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: string;
  description?: string;
  roleArn?: string;
  created: number;
}

export type DeliveryOutcome = 'STARTED' | 'DELIVERED' | 'RETRYING' | 'FAILED';

export interface DeliveryRecord {
  id: number;
  bus: string;
  rule: string;
  targetId: string;
  eventId: string;
  /** The event as JSON text. */
  event: string;
  time: number;
  outcome: DeliveryOutcome;
  attempts: number;
  /** The execution started (or the message sent). */
  resourceArn?: string;
  error?: string;
}

/** A delivery waiting to retry: what `Deliveries.resume` needs to take it up after a restart. */
export interface RetryingDelivery extends DeliveryRecord {
  target: Target;
  /** When the next attempt is due; undefined while the first is under way. */
  nextAttempt?: number;
}

interface RuleRow {
  bus: string;
  name: string;
  event_pattern: string | null;
  schedule_expression: string | null;
  state: string;
  description: string | null;
  role_arn: string | null;
  created: number;
}

interface DeliveryRow {
  id: number;
  bus: string;
  rule: string;
  target_id: string;
  event_id: string;
  event: string;
  time: number;
  outcome: DeliveryOutcome;
  attempts: number;
  resource_arn: string | null;
  error: string | null;
  target: string | null;
  next_attempt: number | null;
}

function toRule(row: RuleRow): RuleRecord {
  return {
    bus: row.bus,
    name: row.name,
    ...(row.event_pattern === null ? {} : { eventPattern: row.event_pattern }),
    ...(row.schedule_expression === null ? {} : { scheduleExpression: row.schedule_expression }),
    state: row.state,
    ...(row.description === null ? {} : { description: row.description }),
    ...(row.role_arn === null ? {} : { roleArn: row.role_arn }),
    created: row.created,
  };
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    bus: row.bus,
    rule: row.rule,
    targetId: row.target_id,
    eventId: row.event_id,
    event: row.event,
    time: row.time,
    outcome: row.outcome,
    attempts: row.attempts,
    ...(row.resource_arn === null ? {} : { resourceArn: row.resource_arn }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

export class EventsTables {
  private readonly busByName: Statement<[string], { name: string; description: string | null; created: number }>;
  private readonly allBuses: Statement<[], { name: string; description: string | null; created: number }>;
  private readonly insertBus: Statement<[string, string | null, number]>;
  private readonly deleteBusStmt: Statement<[string]>;
  private readonly ruleByName: Statement<[string, string], RuleRow>;
  private readonly rulesOfBus: Statement<[string], RuleRow>;
  private readonly upsertRule: Statement<
    [string, string, string | null, string | null, string, string | null, string | null, number]
  >;
  private readonly setState: Statement<[string, string, string]>;
  private readonly deleteRuleStmt: Statement<[string, string]>;
  private readonly targetsOfRule: Statement<[string, string], { target: string }>;
  private readonly upsertTarget: Statement<[string, string, string, string]>;
  private readonly deleteTargetStmt: Statement<[string, string, string]>;
  private readonly insertDelivery: Statement<
    [string, string, string, string, string, number, string, number, string | null, string | null, string]
  >;
  private readonly updateDelivery: Statement<[string, number, string | null, string | null, number | null, number]>;
  private readonly retrying: Statement<[], DeliveryRow>;
  private readonly deliveriesOfRule: Statement<[string, string, number], DeliveryRow>;
  private readonly trimDeliveries: Statement<[string, string, string, string, number]>;

  constructor(db: Db) {
    this.busByName = db.prepare(`SELECT * FROM events_buses WHERE name = ?`);
    this.allBuses = db.prepare(`SELECT * FROM events_buses ORDER BY name`);
    this.insertBus = db.prepare(`INSERT INTO events_buses (name, description, created) VALUES (?, ?, ?)`);
    this.deleteBusStmt = db.prepare(`DELETE FROM events_buses WHERE name = ?`);
    this.ruleByName = db.prepare(`SELECT * FROM events_rules WHERE bus = ? AND name = ?`);
    this.rulesOfBus = db.prepare(`SELECT * FROM events_rules WHERE bus = ? ORDER BY name`);
    this.upsertRule = db.prepare(
      `INSERT INTO events_rules (bus, name, event_pattern, schedule_expression, state, description, role_arn, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bus, name) DO UPDATE SET event_pattern = excluded.event_pattern,
         schedule_expression = excluded.schedule_expression, state = excluded.state,
         description = excluded.description, role_arn = excluded.role_arn`,
    );
    this.setState = db.prepare(`UPDATE events_rules SET state = ? WHERE bus = ? AND name = ?`);
    this.deleteRuleStmt = db.prepare(`DELETE FROM events_rules WHERE bus = ? AND name = ?`);
    this.targetsOfRule = db.prepare(`SELECT target FROM events_targets WHERE bus = ? AND rule = ? ORDER BY id`);
    this.upsertTarget = db.prepare(
      `INSERT INTO events_targets (bus, rule, id, target) VALUES (?, ?, ?, ?)
       ON CONFLICT (bus, rule, id) DO UPDATE SET target = excluded.target`,
    );
    this.deleteTargetStmt = db.prepare(`DELETE FROM events_targets WHERE bus = ? AND rule = ? AND id = ?`);
    this.insertDelivery = db.prepare(
      `INSERT INTO events_deliveries (bus, rule, target_id, event_id, event, time, outcome, attempts, resource_arn,
         error, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateDelivery = db.prepare(
      `UPDATE events_deliveries SET outcome = ?, attempts = ?, resource_arn = ?, error = ?, next_attempt = ?
       WHERE id = ?`,
    );
    // A row without its target predates keeping it: nothing to retry it with.
    this.retrying = db.prepare(
      `SELECT * FROM events_deliveries WHERE outcome = 'RETRYING' AND target IS NOT NULL ORDER BY id`,
    );
    this.deliveriesOfRule = db.prepare(
      `SELECT * FROM events_deliveries WHERE bus = ? AND rule = ? ORDER BY id DESC LIMIT ?`,
    );
    this.trimDeliveries = db.prepare(
      `DELETE FROM events_deliveries WHERE bus = ? AND rule = ? AND outcome != 'RETRYING' AND id <= (
         SELECT id FROM events_deliveries WHERE bus = ? AND rule = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
  }

  bus(name: string): BusRecord | undefined {
    const row = this.busByName.get(name);
    return row === undefined
      ? undefined
      : { name: row.name, ...(row.description === null ? {} : { description: row.description }), created: row.created };
  }

  buses(): BusRecord[] {
    return this.allBuses.all().map((row) => ({
      name: row.name,
      ...(row.description === null ? {} : { description: row.description }),
      created: row.created,
    }));
  }

  createBus(name: string, description: string | undefined, now: number): void {
    this.insertBus.run(name, description ?? null, now);
  }

  deleteBus(name: string): void {
    this.deleteBusStmt.run(name);
  }

  rule(bus: string, name: string): RuleRecord | undefined {
    const row = this.ruleByName.get(bus, name);
    return row === undefined ? undefined : toRule(row);
  }

  rules(bus: string): RuleRecord[] {
    return this.rulesOfBus.all(bus).map(toRule);
  }

  putRule(rule: RuleRecord): void {
    this.upsertRule.run(
      rule.bus,
      rule.name,
      rule.eventPattern ?? null,
      rule.scheduleExpression ?? null,
      rule.state,
      rule.description ?? null,
      rule.roleArn ?? null,
      rule.created,
    );
  }

  setRuleState(bus: string, name: string, state: string): void {
    this.setState.run(state, bus, name);
  }

  deleteRule(bus: string, name: string): void {
    this.deleteRuleStmt.run(bus, name);
  }

  targets(bus: string, rule: string): Target[] {
    return this.targetsOfRule.all(bus, rule).map((row) => JSON.parse(row.target) as Target);
  }

  putTarget(bus: string, rule: string, target: Target): void {
    this.upsertTarget.run(bus, rule, target.Id, JSON.stringify(target));
  }

  deleteTarget(bus: string, rule: string, id: string): boolean {
    return this.deleteTargetStmt.run(bus, rule, id).changes > 0;
  }

  addDelivery(delivery: Omit<DeliveryRecord, 'id'> & { target: Target }): number {
    const id = Number(
      this.insertDelivery.run(
        delivery.bus,
        delivery.rule,
        delivery.targetId,
        delivery.eventId,
        delivery.event,
        delivery.time,
        delivery.outcome,
        delivery.attempts,
        delivery.resourceArn ?? null,
        delivery.error ?? null,
        JSON.stringify(delivery.target),
      ).lastInsertRowid,
    );
    this.trimDeliveries.run(delivery.bus, delivery.rule, delivery.bus, delivery.rule, KEPT_DELIVERIES);
    return id;
  }

  updateDeliveryOutcome(
    id: number,
    outcome: DeliveryOutcome,
    attempts: number,
    details: { resourceArn?: string; error?: string; nextAttempt?: number } = {},
  ): void {
    const { resourceArn, error, nextAttempt } = details;
    this.updateDelivery.run(outcome, attempts, resourceArn ?? null, error ?? null, nextAttempt ?? null, id);
  }

  /** Deliveries waiting to retry (or under way when the server stopped), oldest first. */
  retryingDeliveries(): RetryingDelivery[] {
    return this.retrying.all().map((row) => ({
      ...toDelivery(row),
      target: JSON.parse(row.target ?? '{}') as Target,
      ...(row.next_attempt === null ? {} : { nextAttempt: row.next_attempt }),
    }));
  }

  deliveries(bus: string, rule: string, limit = KEPT_DELIVERIES): DeliveryRecord[] {
    return this.deliveriesOfRule.all(bus, rule, limit).map(toDelivery);
  }
}
