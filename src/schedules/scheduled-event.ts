/**
 * The document a scheduled start receives when its target sets no Input: EventBridge's "Scheduled Event"
 * (spec §8), with the schedule's ARN in `resources` and the slot's time. The id is derived from the schedule and
 * the slot, so firing a slot again produces the same input (and StartExecution's idempotency can recognise it).
 */
import { createHash } from 'node:crypto';

export interface EventLocation {
  region: string;
  accountId: string;
}

export function scheduleArn(name: string, at: EventLocation): string {
  return `arn:aws:scheduler:${at.region}:${at.accountId}:schedule/default/${name}`;
}

/** ISO-8601 to the second, as EventBridge writes `time`. */
export function eventTime(slot: number): string {
  return new Date(slot).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function scheduledEvent(name: string, slot: number, at: EventLocation): Record<string, unknown> {
  const hash = createHash('sha256').update(`${name}\n${slot}`).digest('hex');
  const id = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: at.accountId,
    time: eventTime(slot),
    region: at.region,
    resources: [scheduleArn(name, at)],
    detail: {},
  };
}

/** `<schedule>-<yyyymmddThhmmZ>`: one name per slot (execution names allow 80 of [A-Za-z0-9_-]). */
export function executionNameFor(name: string, slot: number): string {
  const stamp = eventTime(slot).replace(/[-:]/g, '').replace(/00Z$/, 'Z');
  return `${name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64)}-${stamp}`;
}
