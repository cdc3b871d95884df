import type { HistoryEvent as WireHistoryEvent } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../engine';

/** Payload fields GetExecutionHistory drops when includeExecutionData is false. */
const PAYLOAD_FIELDS = new Set(['input', 'output', 'assignedVariables']);

/** An engine event as GetExecutionHistory returns it: a Date timestamp, payloads optionally left out. */
export function toWireEvent(event: HistoryEvent, includeExecutionData: boolean): WireHistoryEvent {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'timestamp') {
      wire[key] = new Date(value as number);
    } else if (!includeExecutionData && key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      wire[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([field]) => !PAYLOAD_FIELDS.has(field)),
      );
    } else {
      wire[key] = value;
    }
  }
  return wire as unknown as WireHistoryEvent;
}
