/**
 * A PutEvents entry turned into the event rules see — or the entry's own error, which PutEvents reports in the
 * entry's result rather than failing the call — and the checks TestEventPattern makes of its event.
 */
import { randomUUID } from 'node:crypto';
import { validation } from './errors';
import { busNameOf, DEFAULT_BUS, eventTime, type EventEnvelope } from './model';
import type { Input } from './params';

/** A PutEvents entry's size limit (the whole entry). */
const MAX_ENTRY_BYTES = 256 * 1024;
const MANDATORY_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

/** A PutEvents entry's own failure, reported in its result entry. */
export class EntryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EntryContext {
  accountId: string;
  region: string;
  now: number;
  busExists(name: string): boolean;
}

/** The bus an entry goes to and the event it becomes; throws EntryError. */
export function eventOfEntry(entry: Input, context: EntryContext): { bus: string; event: EventEnvelope } {
  const size = Buffer.byteLength(JSON.stringify(entry));
  if (size > MAX_ENTRY_BYTES)
    throw new EntryError('InvalidArgument', `Total size of the entry exceeds the limit (${MAX_ENTRY_BYTES} bytes).`);
  const source = requiredMember(entry, 'Source');
  const detailType = requiredMember(entry, 'DetailType');
  const detailText = requiredMember(entry, 'Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(detailText);
  } catch {
    throw new EntryError('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new EntryError('MalformedDetail', 'Detail is malformed.');
  }
  const resources = entry['Resources'] ?? [];
  if (!Array.isArray(resources) || !resources.every((r): r is string => typeof r === 'string')) {
    throw new EntryError(
      'InvalidArgument',
      'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
    );
  }
  const bus = busNameOf(typeof entry['EventBusName'] === 'string' ? entry['EventBusName'] : DEFAULT_BUS);
  if (!context.busExists(bus)) throw new EntryError('NotFoundException', `Event bus ${bus} does not exist.`);
  const time = entry['Time'];
  const at = typeof time === 'number' ? time * 1000 : typeof time === 'string' ? Date.parse(time) : context.now;
  return {
    bus,
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source,
      account: context.accountId,
      time: eventTime(Number.isNaN(at) ? context.now : at),
      region: context.region,
      resources,
      detail,
    },
  };
}

function requiredMember(entry: Input, name: 'Source' | 'DetailType' | 'Detail'): string {
  const value = entry[name];
  if (typeof value !== 'string' || value === '') {
    throw new EntryError('InvalidArgument', `Parameter ${name} is not valid. Reason: ${name} is a required argument.`);
  }
  return value;
}

/** TestEventPattern's event: JSON with every field EventBridge puts on an event. */
export function checkTestEvent(event: unknown): void {
  const fields = typeof event === 'object' && event !== null && !Array.isArray(event) ? Object.keys(event) : [];
  const missing = MANDATORY_EVENT_FIELDS.filter((f) => !fields.includes(f));
  if (missing.length > 0) {
    throw validation(
      `Parameter Event is not valid. Reason: Provided Event is missing required fields: ${missing.join(', ')}.`,
    );
  }
}
