/**
 * Reading history events for people: which state an event belongs to and a one-line detail. Works on the SDK's
 * event shape, so it reads any endpoint's history, AWS included.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { formatOffset } from './time';
import { previewJson, truncate } from './preview';
import { renderTable } from './table';

type Details = Record<string, unknown>;

/** The `*EventDetails` objects an event carries (AWS sets exactly one, but nothing here depends on that). */
function detailsOf(event: HistoryEvent): Details[] {
  const found: Details[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) found.push(value as Details);
  }
  return found;
}

function field(details: Details[], name: string): string | undefined {
  for (const d of details) {
    const value = d[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The state an event names itself: entered/exited events and Map iterations carry it, evaluation failures too. */
function ownStateName(event: HistoryEvent): string | undefined {
  return (
    event.stateEnteredEventDetails?.name ??
    event.stateExitedEventDetails?.name ??
    event.evaluationFailedEventDetails?.state ??
    field(detailsOf(event), 'name')
  );
}

/**
 * The state each event belongs to. Events such as TaskScheduled carry no name, so they inherit it through their
 * previousEventId chain, the way the console's event table shows them. A Map's or Parallel's own events (Started,
 * Succeeded, Failed) follow that chain back to their state's entry, skipping nested states of the same kind that
 * ended in between, so `ParallelStateSucceeded` names the Parallel, not the last state of its branch.
 */
export function stateNames(events: readonly HistoryEvent[]): Map<number, string> {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) if (e.id !== undefined) byId.set(e.id, e);
  const names = new Map<number, string>();
  for (const event of events) {
    if (event.id === undefined || event.type === undefined || event.type.startsWith('Execution')) continue;
    const name = ownStateName(event) ?? inheritedName(event, byId, names);
    if (name !== undefined) names.set(event.id, name);
  }
  return names;
}

const CONTAINER_EVENT = /^(Map|Parallel)State(?!Entered|Exited)/;

function inheritedName(
  event: HistoryEvent,
  byId: ReadonlyMap<number, HistoryEvent>,
  resolved: ReadonlyMap<number, string>,
): string | undefined {
  const kind = CONTAINER_EVENT.exec(event.type ?? '')?.[1];
  let depth = 0;
  let cameFrom: string | undefined = event.type;
  let current = event.previousEventId === undefined ? undefined : byId.get(event.previousEventId);
  // Ids only decrease along the chain; the bound is for broken histories.
  for (let steps = 0; current !== undefined && steps < 100_000; steps++) {
    const type = current.type ?? '';
    if (kind === undefined) {
      if (current.id !== undefined && resolved.has(current.id)) return resolved.get(current.id);
      const own = ownStateName(current);
      if (own !== undefined) return own;
    } else if (type === `${kind}StateExited`) {
      depth++;
    } else if (
      type === `${kind}StateFailed` &&
      cameFrom !== `${kind}StateStarted` &&
      cameFrom !== `${kind}StateExited`
    ) {
      // A nested container that failed into this one. Followed by Started (a retry) or Exited (a Catch), the
      // failure was this same state's own.
      depth++;
    } else if (type === `${kind}StateEntered`) {
      if (depth === 0) return ownStateName(current);
      depth--;
    }
    const previous = current.previousEventId;
    if (previous === undefined || current.id === undefined || previous >= current.id) return undefined;
    cameFrom = type;
    current = byId.get(previous);
  }
  return undefined;
}

/** "error: cause" when the event carries either, else what best summarises it. */
export function eventDetail(event: HistoryEvent, max = 80): string {
  const details = detailsOf(event);
  const error = field(details, 'error');
  const cause = field(details, 'cause');
  if (error !== undefined || cause !== undefined) {
    return truncate([error, cause].filter((s) => s !== undefined && s !== '').join(': '), max);
  }
  const output = field(details, 'output');
  if (output !== undefined) return `output ${previewJson(output, max - 7)}`;
  if (event.mapStateStartedEventDetails?.length !== undefined)
    return `${event.mapStateStartedEventDetails.length} items`;
  for (const d of details) {
    if (typeof d['index'] === 'number') return `index ${d['index']}`;
  }
  const resource = field(details, 'resource');
  if (resource !== undefined) return resource;
  const input = field(details, 'input');
  if (input !== undefined) return `input ${previewJson(input, max - 6)}`;
  return '';
}

export function errorOf(event: HistoryEvent): { error?: string; cause?: string } | undefined {
  const details = detailsOf(event);
  const error = field(details, 'error');
  const cause = field(details, 'cause');
  if (error === undefined && cause === undefined) return undefined;
  return { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
}

/** The history as `fanout history` prints it. */
export function renderHistoryTable(events: readonly HistoryEvent[]): string {
  const names = stateNames(events);
  const start = events[0]?.timestamp?.getTime();
  const rows = events.map((e) => [
    String(e.id ?? ''),
    start === undefined || e.timestamp === undefined ? '' : formatOffset(e.timestamp.getTime() - start),
    e.type ?? '',
    e.id === undefined ? '' : (names.get(e.id) ?? ''),
    eventDetail(e),
  ]);
  return renderTable(['ID', 'TIME', 'TYPE', 'STATE', 'DETAIL'], rows);
}

/**
 * Where an execution failed, innermost last, e.g. "Publish > PublishTargetOffline": the ExecutionFailed (TimedOut,
 * Aborted) event's previousEventId chain goes through the failed Map or Parallel to the state that raised the error.
 */
export function failingStatePath(events: readonly HistoryEvent[]): string | undefined {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) if (e.id !== undefined) byId.set(e.id, e);
  const last = [...events].reverse().find((e) => e.type !== undefined && TERMINAL_FAILURES.has(e.type));
  const names = stateNames(events);
  const path: string[] = [];
  let current = last?.previousEventId === undefined ? undefined : byId.get(last.previousEventId);
  while (current?.id !== undefined) {
    const name = names.get(current.id);
    if (name !== undefined && path[path.length - 1] !== name) path.push(name);
    if (!CONTAINER_FAILURE.test(current.type ?? '') || current.previousEventId === undefined) break;
    if (current.previousEventId >= current.id) break;
    current = byId.get(current.previousEventId);
  }
  return path.length === 0 ? undefined : path.join(' > ');
}

const TERMINAL_FAILURES = new Set<string>(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const CONTAINER_FAILURE = /^(MapStateFailed|ParallelStateFailed|MapIterationFailed|MapRunFailed)$/;
