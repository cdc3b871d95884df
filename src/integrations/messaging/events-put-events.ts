/**
 * `arn:aws:states:::events:putEvents[.waitForTaskToken]` and `arn:aws:states:::aws-sdk:eventbridge:putEvents`:
 * PutEvents through the EventBridge JSON protocol on the local endpoint. The optimized integration takes a
 * Detail that is a JSON object (sent as its text) and fails with `EventBridge.FailedEntry` when any entry
 * failed; the SDK integration passes the request as given and returns the SDK's output either way.
 */
import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { StatesError, type Json, type JsonObject } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { clientConfig } from './clients';
import { asObject } from './parameters';
import { parameterError, serviceError, type ServiceErrorStyle } from './service-errors';

const EVENTS_ERRORS: ServiceErrorStyle = {
  prefix: 'EventBridge',
  service: 'EventBridge',
  isModeled: (e) => e instanceof EventBridgeServiceException && e.constructor !== EventBridgeServiceException,
};

const SDK_EVENTS_ERRORS: ServiceErrorStyle = { ...EVENTS_ERRORS, sdkStyle: true };

export const eventsPutEventsHandler: IntegrationHandler = {
  resource: 'events:putEvents',
  patterns: ['request-response', 'waitForTaskToken'],
  async run(request, context) {
    const entries = entriesOf(request.parameters, EVENTS_ERRORS, true);
    const output = await putEvents(entries, context, request.signal, EVENTS_ERRORS);
    if (output.FailedEntryCount > 0) {
      throw new StatesError('EventBridge.FailedEntry', JSON.stringify(output));
    }
    return output as unknown as JsonObject;
  },
};

export const sdkPutEventsHandler: IntegrationHandler = {
  resource: 'aws-sdk:eventbridge:putEvents',
  patterns: ['request-response', 'waitForTaskToken'],
  async run(request, context) {
    const entries = entriesOf(request.parameters, SDK_EVENTS_ERRORS, false);
    return (await putEvents(entries, context, request.signal, SDK_EVENTS_ERRORS)) as unknown as JsonObject;
  },
};

function entriesOf(parameters: Json, style: ServiceErrorStyle, objectDetail: boolean): PutEventsRequestEntry[] {
  const entries = asObject(parameters)?.['Entries'];
  if (!Array.isArray(entries)) {
    throw parameterError(style, 'Validation', 'The parameters must be a JSON object with an Entries list.');
  }
  return entries.map((raw) => {
    const entry = asObject(raw) ?? {};
    const detail = entry['Detail'];
    const given = entry as PutEventsRequestEntry;
    return objectDetail && detail !== undefined && typeof detail !== 'string'
      ? { ...given, Detail: JSON.stringify(detail) }
      : given;
  });
}

interface PutEventsResult {
  Entries: JsonObject[];
  FailedEntryCount: number;
}

async function putEvents(
  entries: PutEventsRequestEntry[],
  context: Parameters<IntegrationHandler['run']>[1],
  signal: AbortSignal,
  style: ServiceErrorStyle,
): Promise<PutEventsResult> {
  const client = new EventBridgeClient(clientConfig(context));
  try {
    const output = await client.send(new PutEventsCommand({ Entries: entries }), { abortSignal: signal });
    return {
      Entries: (output.Entries ?? []).map((e) => JSON.parse(JSON.stringify(e)) as JsonObject),
      FailedEntryCount: output.FailedEntryCount ?? 0,
    };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw serviceError(error, style);
  } finally {
    client.destroy();
  }
}
