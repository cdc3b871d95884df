/**
 * LocalEvents: EventBridge event buses, rules and targets kept in SQLite, in process. Operations take and
 * return the members of the EventBridge JSON protocol (PascalCase, as @aws-sdk/client-eventbridge sends them).
 * A matched event is delivered to each of the rule's targets in the background (delivery.ts); a rule with a
 * ScheduleExpression sends its targets a Scheduled Event on schedule (rule-schedules.ts).
 * Not modelled: archives, replays, API destinations, partner buses, resource policies.
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../engine';
import { systemClock, type EventsClock } from './clock';
import { EventBuses } from './buses';
import { Deliveries, type TargetPorts } from './delivery';
import { eventsError, invalidPattern, validation } from './errors';
import { DEFAULT_BUS, eventTime, ruleArn, type EventEnvelope, type RuleRef, type Target } from './model';
import { checkName, list, optionalString, page, requiredString, type Input } from './params';
import { compilePattern, matchesPattern, parseJsonText, toJsonText, type CompiledPattern } from './pattern';
import { checkTestEvent, EntryError, eventOfEntry } from './put-events';
import { RuleSchedules, type ScheduleExpressions } from './rule-schedules';
import { listTargetsByRule, putTargets, removeTargets, type FailedTargets } from './rule-targets';
import type { DeliveryRecord, EventsTables, RuleRecord } from './tables';

export interface LocalEventsOptions {
  tables: EventsTables;
  ports: TargetPorts;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** @default the system clock */
  clock?: EventsClock;
  /** How rules' ScheduleExpressions are read; without it, PutRule refuses them. */
  scheduleExpressions?: ScheduleExpressions;
  /** The first retry's delay of a failed delivery. @default 1000 */
  retryBaseMs?: number;
  log?: (line: string) => void;
}

const MAX_PATTERN_CHARS = 4096;
const RULE_STATES = new Set(['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']);

export interface RuleView extends RuleRecord {
  arn: string;
  targets: Target[];
  deliveries: DeliveryRecord[];
}

export class LocalEvents {
  readonly region: string;
  readonly accountId: string;
  private readonly tables: EventsTables;
  private readonly clock: EventsClock;
  private readonly deliveries: Deliveries;
  private readonly schedules: RuleSchedules | undefined;
  private readonly patterns = new Map<string, CompiledPattern>();
  readonly buses: EventBuses;

  constructor(options: LocalEventsOptions) {
    this.tables = options.tables;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.clock = options.clock ?? systemClock;
    this.buses = new EventBuses(this.tables, this.region, this.accountId, () => this.clock.now());
    this.deliveries = new Deliveries({
      ports: options.ports,
      tables: options.tables,
      clock: this.clock,
      ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    this.schedules =
      options.scheduleExpressions === undefined
        ? undefined
        : new RuleSchedules({
            expressions: options.scheduleExpressions,
            clock: this.clock,
            lookup: (bus, name) => this.tables.rule(bus, name),
            fire: (rule, slot) => this.fireSchedule(rule, slot),
            ...(options.log === undefined ? {} : { log: options.log }),
          });
  }

  /**
   * Takes up the deliveries a previous run left waiting to retry and arms the scheduled rules; called once the
   * targets can be reached. Returns how many deliveries it resumed.
   */
  start(): number {
    for (const rule of this.tables.rules(DEFAULT_BUS)) this.schedules?.sync(rule.bus, rule.name);
    return this.deliveries.resume((bus, name) => this.ruleRef(bus, name));
  }

  close(): void {
    this.schedules?.close();
    this.deliveries.close();
  }

  /** Resolves when the deliveries under way (not those waiting to retry) are done. */
  settled(): Promise<void> {
    return this.deliveries.settled();
  }

  // ---- events ----

  putEvents(input: Input): {
    FailedEntryCount: number;
    Entries: ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[];
  } {
    const context = {
      accountId: this.accountId,
      region: this.region,
      now: this.clock.now(),
      busExists: (name: string) => this.buses.exists(name),
    };
    const results = list(input, 'Entries', 1, 10).map((raw) => {
      try {
        const { bus, event } = eventOfEntry(raw as Input, context);
        return { EventId: this.publish(bus, event) };
      } catch (error) {
        if (error instanceof EntryError) return { ErrorCode: error.code, ErrorMessage: error.message };
        throw error;
      }
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** Routes one event on a bus to the targets of every enabled rule it matches; returns its id. */
  publish(bus: string, event: EventEnvelope): string {
    const ingestion = this.clock.now();
    const matchable = toJsonText(event);
    for (const rule of this.tables.rules(bus)) {
      if (rule.state === 'DISABLED' || rule.eventPattern === undefined) continue;
      if (!matchesPattern(this.compiled(rule.eventPattern), matchable)) continue;
      this.deliverToTargets(rule, event, ingestion);
    }
    return event.id;
  }

  /** A scheduled rule's slot: EventBridge's Scheduled Event, to that rule's targets only. */
  private fireSchedule(rule: RuleRecord, slot: number): void {
    const arn = ruleArn(this.region, this.accountId, rule.bus, rule.name);
    this.deliverToTargets(
      rule,
      {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: this.accountId,
        time: eventTime(slot),
        region: this.region,
        resources: [arn],
        detail: {},
      },
      this.clock.now(),
    );
  }

  private deliverToTargets(rule: RuleRecord, event: EventEnvelope, ingestion: number): void {
    const ref = this.ruleRef(rule.bus, rule.name);
    for (const target of this.tables.targets(rule.bus, rule.name)) {
      void this.deliveries.deliver(ref, target, event as unknown as Json & { id: string }, ingestion);
    }
  }

  private ruleRef(bus: string, name: string): RuleRef {
    return { bus, name, arn: ruleArn(this.region, this.accountId, bus, name) };
  }

  testEventPattern(input: Input): { Result: boolean } {
    const pattern = this.compiled(requiredString(input, 'EventPattern'));
    const eventText = requiredString(input, 'Event');
    let event;
    try {
      event = parseJsonText(eventText);
    } catch {
      throw validation('Parameter Event is not valid. Reason: the event is not valid JSON.');
    }
    checkTestEvent(event);
    return { Result: matchesPattern(pattern, event) };
  }

  private compiled(text: string): CompiledPattern {
    let pattern = this.patterns.get(text);
    if (pattern === undefined) {
      if (text.length > MAX_PATTERN_CHARS)
        throw invalidPattern(`the pattern is longer than ${MAX_PATTERN_CHARS} characters`);
      pattern = compilePattern(text);
      this.patterns.set(text, pattern);
    }
    return pattern;
  }

  // ---- rules ----

  putRule(input: Input): { RuleArn: string } {
    const name = checkName(requiredString(input, 'Name'), 'Name');
    const bus = this.buses.require(input);
    const eventPattern = optionalString(input, 'EventPattern');
    const scheduleExpression = optionalString(input, 'ScheduleExpression');
    if (eventPattern === undefined && scheduleExpression === undefined) {
      throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (eventPattern !== undefined) this.compiled(eventPattern);
    if (scheduleExpression !== undefined) {
      if (bus !== DEFAULT_BUS) throw validation('ScheduleExpression is supported only on the default event bus.');
      if (this.schedules === undefined) throw validation('This endpoint does not run scheduled rules.');
      this.schedules.check(scheduleExpression);
    }
    const state = optionalString(input, 'State') ?? 'ENABLED';
    if (!RULE_STATES.has(state)) throw validation(`State must be one of ${[...RULE_STATES].join(', ')}.`);
    const existing = this.tables.rule(bus, name);
    const description = optionalString(input, 'Description');
    const roleArn = optionalString(input, 'RoleArn');
    this.tables.putRule({
      bus,
      name,
      ...(eventPattern === undefined ? {} : { eventPattern }),
      ...(scheduleExpression === undefined ? {} : { scheduleExpression }),
      state,
      ...(description === undefined ? {} : { description }),
      ...(roleArn === undefined ? {} : { roleArn }),
      created: existing?.created ?? this.clock.now(),
    });
    this.schedules?.sync(bus, name);
    return { RuleArn: ruleArn(this.region, this.accountId, bus, name) };
  }

  private requireRule(input: Input, member = 'Name'): RuleRecord {
    const name = requiredString(input, member);
    const bus = this.buses.require(input);
    const rule = this.tables.rule(bus, name);
    if (rule === undefined)
      throw eventsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
    return rule;
  }

  describeRule(input: Input): Record<string, unknown> {
    return this.ruleShape(this.requireRule(input));
  }

  private ruleShape(rule: RuleRecord): Record<string, unknown> {
    return {
      Name: rule.name,
      Arn: ruleArn(this.region, this.accountId, rule.bus, rule.name),
      ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern }),
      ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
      State: rule.state,
      ...(rule.description === undefined ? {} : { Description: rule.description }),
      ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
      EventBusName: rule.bus,
      CreatedBy: this.accountId,
    };
  }

  listRules(input: Input): { Rules: Record<string, unknown>[]; NextToken?: string } {
    const bus = this.buses.require(input);
    const prefix = optionalString(input, 'NamePrefix') ?? '';
    const { items, nextToken } = page(
      input,
      this.tables.rules(bus).filter((r) => r.name.startsWith(prefix)),
    );
    return { Rules: items.map((r) => this.ruleShape(r)), ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
  }

  enableRule(input: Input): Record<string, never> {
    return this.setRuleState(input, 'ENABLED');
  }

  disableRule(input: Input): Record<string, never> {
    return this.setRuleState(input, 'DISABLED');
  }

  private setRuleState(input: Input, state: 'ENABLED' | 'DISABLED'): Record<string, never> {
    const rule = this.requireRule(input);
    this.tables.setRuleState(rule.bus, rule.name, state);
    this.schedules?.sync(rule.bus, rule.name);
    return {};
  }

  deleteRule(input: Input): Record<string, never> {
    const name = requiredString(input, 'Name');
    const bus = this.buses.require(input);
    const rule = this.tables.rule(bus, name);
    if (rule === undefined) return {};
    const targets = this.tables.targets(bus, name);
    if (targets.length > 0 && input['Force'] !== true) throw validation("Rule can't be deleted since it has targets.");
    for (const target of targets) this.tables.deleteTarget(bus, name, target.Id);
    this.tables.deleteRule(bus, name);
    this.schedules?.sync(bus, name);
    return {};
  }

  // ---- targets (rule-targets.ts) ----

  putTargets(input: Input): FailedTargets {
    return putTargets(this.tables, this.requireRule(input, 'Rule'), input);
  }

  removeTargets(input: Input): FailedTargets {
    return removeTargets(this.tables, this.requireRule(input, 'Rule'), input);
  }

  listTargetsByRule(input: Input): { Targets: Target[]; NextToken?: string } {
    return listTargetsByRule(this.tables, this.requireRule(input, 'Rule'), input);
  }

  listRuleNamesByTarget(input: Input): { RuleNames: string[] } {
    const arn = requiredString(input, 'TargetArn');
    const bus = this.buses.require(input);
    return {
      RuleNames: this.tables
        .rules(bus)
        .filter((r) => this.tables.targets(bus, r.name).some((t) => t.Arn === arn))
        .map((r) => r.name),
    };
  }

  // ---- for the rules page and rule files ----

  /** Every rule of every bus with its targets and latest deliveries, newest first. */
  ruleViews(deliveries = 20): RuleView[] {
    const buses = [DEFAULT_BUS, ...this.tables.buses().map((b) => b.name)];
    return buses.flatMap((bus) =>
      this.tables.rules(bus).map((rule) => ({
        ...rule,
        arn: ruleArn(this.region, this.accountId, bus, rule.name),
        targets: this.tables.targets(bus, rule.name),
        deliveries: this.tables.deliveries(bus, rule.name, deliveries),
      })),
    );
  }
}
