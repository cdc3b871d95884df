/**
 * Schedules (docs/schedules.md): EventBridge Scheduler expressions, their fire times, and the scheduler that
 * `fanout serve` runs over `workflows/schedules.json`.
 */
import type { LocalStepFunctions } from '../runtime';
import type { Store } from '../store/store';
import { loadProfile } from '../integrations';
import { loadSchedules } from './schedule-file';
import { Scheduler } from './scheduler';
import { serviceTarget } from './service-target';

export { parseCron, type CronSpec } from './cron';
export { ScheduleExpressionError, isScheduleError } from './errors';
export { fireTimesBetween, nextFireTime, parseScheduleExpression, type ScheduleExpression } from './expression';
export { DEFAULT_SCHEDULES_FILE, loadSchedules, compileSchedules, type Schedule } from './schedule-file';
export { Scheduler, type ScheduleTarget, type SchedulerClock, type FireOutcome } from './scheduler';
export { executionNameFor, scheduledEvent, eventTime } from './scheduled-event';
export { deployWorkflow, serviceTarget } from './service-target';

/** The endpoint the profile's URLs are written for (`fanout serve`'s default). */
const DEFAULT_ENDPOINT = 'http://127.0.0.1:8083';

export interface ServerSchedulesOptions {
  service: LocalStepFunctions;
  store: Store;
  /** The schedules file. */
  file: string;
  /** The profile (its substitutions fill the workflows; its directory is the root workflow paths are relative to). */
  profile: string | undefined;
  /** The URL the server listens on: substitutions naming the default endpoint are pointed here. */
  url: string;
  log?: (line: string) => void;
}

/** The profile's substitutions with URLs of the default endpoint pointed at the one the server listens on. */
export function serverSubstitutions(
  substitutions: Readonly<Record<string, string | number>>,
  url: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(substitutions)) {
    const text = String(value);
    out[name] = text.startsWith(`${DEFAULT_ENDPOINT}/`) ? url + text.slice(DEFAULT_ENDPOINT.length) : text;
  }
  return out;
}

/** Loads the schedules, deploys their workflows into the service and arms their timers. */
export async function startServerSchedules(options: ServerSchedulesOptions): Promise<Scheduler> {
  const profile = loadProfile(options.profile);
  const substitutions = serverSubstitutions(profile.substitutions, options.url);
  const schedules = loadSchedules(options.file, profile.root);
  const { region, accountId } = options.service.location;
  const scheduler = new Scheduler({
    schedules,
    firings: options.store.scheduleFirings,
    target: serviceTarget(options.service, substitutions),
    location: { region, accountId },
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  await scheduler.start();
  for (const [name, slot] of scheduler.pending()) {
    options.log?.(`schedule ${name}: next fire ${new Date(slot).toISOString()}`);
  }
  return scheduler;
}
