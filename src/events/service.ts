/**
 * LocalEvents: EventBridge event buses, rules and targets kept in SQLite, in process. Operations take and
 * return the members of the EventBridge JSON protocol (PascalCase, as @aws-sdk/client-eventbridge sends them).
 * A matched event is delivered to each of the rule's targets in the background (delivery.ts).
 * Not modelled: archives, replays, API destinations, partner buses, resource policies, and rules'
 * ScheduleExpression (kept and returned, never fired: workflows/schedules.json is fanout's scheduler).
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../engine';
import { Deliveries, targetKind, type TargetPorts } from './delivery';
import { eventsError, invalidPattern, validation } from './errors';
import { checkInput } from './input';
import {
  busArn,
  busNameOf,
  DEFAULT_BUS,
  eventTime,
  ruleArn,
  type EventEnvelope,
  type RuleRef,
  type Target,
} from './model';
import { checkName, list, optionalInteger, optionalString, requiredString, type Input } from './params';
import { compilePattern, matchesPattern, parseJsonText, toJsonText, type CompiledPattern } from './pattern';
import type { DeliveryRecord, EventsTables, RuleRecord } from './tables';

export interface LocalEventsOptions {
  tables: EventsTables;
  ports: TargetPorts;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** @default Date.now */
  now?: () => number;
  /** The first retry's delay of a failed delivery. @default 1000 */
  retryBaseMs?: number;
  log?: (line: string) => void;
}

/** A PutEvents entry's size limit (the whole entry). */
const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_TARGETS_PER_RULE = 5;
const MAX_PATTERN_CHARS = 4096;
const RULE_STATES = new Set(['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']);
const MANDATORY_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

export interface RuleView extends RuleRecord {
  arn: string;
  targets: Target[];
  deliveries: DeliveryRecord[];
}

export class LocalEvents {
  readonly region: string;
  readonly accountId: string;
  private readonly tables: EventsTables;
  private readonly now: () => number;
  private readonly deliveries: Deliveries;
  private readonly patterns = new Map<string, CompiledPattern>();
  private readonly log: ((line: string) => void) | undefined;

  constructor(options: LocalEventsOptions) {
    this.tables = options.tables;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.now = options.now ?? Date.now;
    this.log = options.log;
    this.deliveries = new Deliveries({
      ports: options.ports,
      tables: options.tables,
      now: this.now,
      ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
  }

  close(): void {
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
    const entries = list(input, 'Entries', 1, 10);
    const results = entries.map((raw) => {
      try {
        return { EventId: this.putEntry(raw as Input) };
      } catch (error) {
        if (error instanceof EntryError) return { ErrorCode: error.code, ErrorMessage: error.message };
        throw error;
      }
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  private putEntry(entry: Input): string {
    const size = Buffer.byteLength(JSON.stringify(entry));
    if (size > MAX_ENTRY_BYTES)
      throw new EntryError('InvalidArgument', `Total size of the entry exceeds the limit (${MAX_ENTRY_BYTES} bytes).`);
    const source = entry['Source'];
    const detailType = entry['DetailType'];
    const detailText = entry['Detail'];
    for (const [name, value] of [
      ['Source', source],
      ['DetailType', detailType],
      ['Detail', detailText],
    ] as const) {
      if (typeof value !== 'string' || value === '') {
        throw new EntryError(
          'InvalidArgument',
          `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
        );
      }
    }
    let detail: unknown;
    try {
      detail = JSON.parse(detailText as string);
    } catch {
      throw new EntryError('MalformedDetail', 'Detail is malformed.');
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      throw new EntryError('MalformedDetail', 'Detail is malformed.');
    }
    const resources = entry['Resources'] ?? [];
    if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) {
      throw new EntryError(
        'InvalidArgument',
        'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
      );
    }
    const bus = busNameOf(typeof entry['EventBusName'] === 'string' ? entry['EventBusName'] : DEFAULT_BUS);
    if (!this.busExists(bus)) throw new EntryError('NotFoundException', `Event bus ${bus} does not exist.`);
    const time = entry['Time'];
    const at = typeof time === 'number' ? time * 1000 : typeof time === 'string' ? Date.parse(time) : this.now();
    return this.publish(bus, {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType as string,
      source: source as string,
      account: this.accountId,
      time: eventTime(Number.isNaN(at) ? this.now() : at),
      region: this.region,
      resources,
      detail,
    });
  }

  /** Routes one event on a bus to the targets of every enabled rule it matches; returns its id. */
  publish(bus: string, event: EventEnvelope): string {
    const ingestion = this.now();
    const matchable = toJsonText(event);
    for (const rule of this.tables.rules(bus)) {
      if (rule.state === 'DISABLED' || rule.eventPattern === undefined) continue;
      if (!matchesPattern(this.compiled(rule.eventPattern), matchable)) continue;
      const ref: RuleRef = { bus, name: rule.name, arn: ruleArn(this.region, this.accountId, bus, rule.name) };
      for (const target of this.tables.targets(bus, rule.name)) {
        void this.deliveries.deliver(ref, target, event as unknown as Json & { id: string }, ingestion);
      }
    }
    return event.id;
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
    const fields = typeof event === 'object' && event !== null && !Array.isArray(event) ? Object.keys(event) : [];
    const missing = MANDATORY_EVENT_FIELDS.filter((f) => !fields.includes(f));
    if (missing.length > 0) {
      throw validation(
        `Parameter Event is not valid. Reason: Provided Event is missing required fields: ${missing.join(', ')}.`,
      );
    }
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

  // ---- buses ----

  private busExists(name: string): boolean {
    return name === DEFAULT_BUS || this.tables.bus(name) !== undefined;
  }

  private requireBus(input: Input): string {
    const bus = busNameOf(optionalString(input, 'EventBusName') ?? DEFAULT_BUS);
    if (!this.busExists(bus)) throw eventsError('ResourceNotFoundException', `Event bus ${bus} does not exist.`);
    return bus;
  }

  createEventBus(input: Input): { EventBusArn: string } {
    const name = requiredString(input, 'Name');
    if (!/^[/.\-_A-Za-z0-9]{1,256}$/.test(name) || name.startsWith('aws.')) {
      throw validation(
        `Event bus name ${name} is not valid: 1-256 of letters, digits, '.', '-', '_', '/', not starting with 'aws.'.`,
      );
    }
    if (this.busExists(name)) throw eventsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    this.tables.createBus(name, optionalString(input, 'Description'), this.now());
    return { EventBusArn: busArn(this.region, this.accountId, name) };
  }

  describeEventBus(input: Input): { Name: string; Arn: string; Description?: string; CreationTime?: Date } {
    const name = busNameOf(optionalString(input, 'Name') ?? DEFAULT_BUS);
    if (name === DEFAULT_BUS) return { Name: name, Arn: busArn(this.region, this.accountId, name) };
    const bus = this.tables.bus(name);
    if (bus === undefined) throw eventsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return {
      Name: name,
      Arn: busArn(this.region, this.accountId, name),
      ...(bus.description === undefined ? {} : { Description: bus.description }),
      CreationTime: new Date(bus.created),
    };
  }

  listEventBuses(input: Input): { EventBuses: { Name: string; Arn: string }[] } {
    const prefix = optionalString(input, 'NamePrefix') ?? '';
    const names = [DEFAULT_BUS, ...this.tables.buses().map((b) => b.name)].filter((n) => n.startsWith(prefix));
    return { EventBuses: names.map((Name) => ({ Name, Arn: busArn(this.region, this.accountId, Name) })) };
  }

  deleteEventBus(input: Input): Record<string, never> {
    const name = busNameOf(requiredString(input, 'Name'));
    if (name === DEFAULT_BUS) throw validation('Cannot delete event bus default.');
    for (const rule of this.tables.rules(name)) {
      for (const target of this.tables.targets(name, rule.name)) this.tables.deleteTarget(name, rule.name, target.Id);
      this.tables.deleteRule(name, rule.name);
    }
    this.tables.deleteBus(name);
    return {};
  }

  // ---- rules ----

  putRule(input: Input): { RuleArn: string } {
    const name = checkName(requiredString(input, 'Name'), 'Name');
    const bus = this.requireBus(input);
    const eventPattern = optionalString(input, 'EventPattern');
    const scheduleExpression = optionalString(input, 'ScheduleExpression');
    if (eventPattern === undefined && scheduleExpression === undefined) {
      throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (eventPattern !== undefined) this.compiled(eventPattern);
    if (scheduleExpression !== undefined) {
      if (bus !== DEFAULT_BUS) throw validation('ScheduleExpression is supported only on the default event bus.');
      this.log?.(`rule ${name}: ScheduleExpression is kept but not fired locally (use workflows/schedules.json)`);
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
      created: existing?.created ?? this.now(),
    });
    return { RuleArn: ruleArn(this.region, this.accountId, bus, name) };
  }

  private requireRule(input: Input, member = 'Name'): RuleRecord {
    const name = requiredString(input, member);
    const bus = this.requireBus(input);
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
    const bus = this.requireBus(input);
    const prefix = optionalString(input, 'NamePrefix') ?? '';
    const limit = optionalInteger(input, 'Limit', 1, 100) ?? 100;
    const start = pageStart(optionalString(input, 'NextToken'));
    const rules = this.tables.rules(bus).filter((r) => r.name.startsWith(prefix));
    const page = rules.slice(start, start + limit);
    return {
      Rules: page.map((r) => this.ruleShape(r)),
      ...(start + limit < rules.length ? { NextToken: pageToken(start + limit) } : {}),
    };
  }

  enableRule(input: Input): Record<string, never> {
    const rule = this.requireRule(input);
    this.tables.setRuleState(rule.bus, rule.name, 'ENABLED');
    return {};
  }

  disableRule(input: Input): Record<string, never> {
    const rule = this.requireRule(input);
    this.tables.setRuleState(rule.bus, rule.name, 'DISABLED');
    return {};
  }

  deleteRule(input: Input): Record<string, never> {
    const name = requiredString(input, 'Name');
    const bus = this.requireBus(input);
    const rule = this.tables.rule(bus, name);
    if (rule === undefined) return {};
    const targets = this.tables.targets(bus, name);
    if (targets.length > 0 && input['Force'] !== true) throw validation("Rule can't be deleted since it has targets.");
    for (const target of targets) this.tables.deleteTarget(bus, name, target.Id);
    this.tables.deleteRule(bus, name);
    return {};
  }

  // ---- targets ----

  putTargets(input: Input): {
    FailedEntryCount: number;
    FailedEntries: { TargetId: string; ErrorCode: string; ErrorMessage: string }[];
  } {
    const rule = this.requireRule(input, 'Rule');
    const targets = list(input, 'Targets', 1, 10).map((raw) => toTarget(raw));
    const existing = new Set(this.tables.targets(rule.bus, rule.name).map((t) => t.Id));
    const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const target of targets) {
      if (targetKind(target.Arn) === undefined) {
        failed.push({
          TargetId: target.Id,
          ErrorCode: 'ValidationException',
          ErrorMessage: `fanout delivers only to state machines and SQS queues, not ${target.Arn}.`,
        });
        continue;
      }
      const dlq = target.DeadLetterConfig?.Arn;
      if (dlq !== undefined && targetKind(dlq) !== 'sqs') {
        failed.push({
          TargetId: target.Id,
          ErrorCode: 'ValidationException',
          ErrorMessage: `DeadLetterConfig.Arn must be an SQS queue ARN, not ${dlq}.`,
        });
        continue;
      }
      if (!existing.has(target.Id) && existing.size >= MAX_TARGETS_PER_RULE) {
        throw eventsError(
          'LimitExceededException',
          `The requested resource exceeds the maximum number allowed: a rule has at most ${MAX_TARGETS_PER_RULE} targets.`,
        );
      }
      existing.add(target.Id);
      this.tables.putTarget(rule.bus, rule.name, target);
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  removeTargets(input: Input): {
    FailedEntryCount: number;
    FailedEntries: { TargetId: string; ErrorCode: string; ErrorMessage: string }[];
  } {
    const rule = this.requireRule(input, 'Rule');
    const ids = list(input, 'Ids', 1, 100);
    const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const id of ids) {
      if (typeof id !== 'string' || !this.tables.deleteTarget(rule.bus, rule.name, id)) {
        failed.push({
          TargetId: String(id),
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Target ${String(id)} does not exist on rule ${rule.name}.`,
        });
      }
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  listTargetsByRule(input: Input): { Targets: Target[]; NextToken?: string } {
    const rule = this.requireRule(input, 'Rule');
    const limit = optionalInteger(input, 'Limit', 1, 100) ?? 100;
    const start = pageStart(optionalString(input, 'NextToken'));
    const targets = this.tables.targets(rule.bus, rule.name);
    return {
      Targets: targets.slice(start, start + limit),
      ...(start + limit < targets.length ? { NextToken: pageToken(start + limit) } : {}),
    };
  }

  listRuleNamesByTarget(input: Input): { RuleNames: string[] } {
    const arn = requiredString(input, 'TargetArn');
    const bus = this.requireBus(input);
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

/** A PutEvents entry's own failure, reported in its result entry. */
class EntryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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

function pageStart(token: string | undefined): number {
  if (token === undefined) return 0;
  const n = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw validation('The NextToken is not valid.');
  return n;
}

function pageToken(n: number): string {
  return Buffer.from(String(n)).toString('base64url');
}
