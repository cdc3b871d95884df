/** The local EventBridge (buses, rules, targets in SQLite) and its route on the endpoint (docs/events.md). */
export { LocalEvents, type LocalEventsOptions, type RuleView } from './service';
export { EventsTables, type DeliveryRecord } from './tables';
export { eventsRoute } from './route';
export { TargetError, type TargetPorts } from './delivery';
export { type EventsClock } from './clock';
export { type ScheduleExpressions } from './rule-schedules';
export { eventsError, type EventsError } from './errors';
export { DEFAULT_RULES_FILE, installRules, parseRulesFile, RulesFileError } from './rule-file';
export { DEFAULT_BUS, eventTime, type EventEnvelope, type Target } from './model';
export { EVENTS_MIGRATIONS } from './schema';
