/**
 * `arn:aws:states:::sns:publish[.waitForTaskToken]` (spec §4.4): posts Publish in the SNS query protocol to the
 * local endpoint (there is no SNS client among the project's dependencies, and the protocol is a form post).
 * Topics come into being on first publish; every message is kept (`fanout sns list`) and delivered to the
 * topic's SQS subscriptions.
 */
import { randomUUID } from 'node:crypto';
import { StatesError, type Json } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { MESSAGE_ATTRIBUTE_VALUE_FIELDS, PUBLISH_FIELDS } from '../../protocol/sns-publish';
import { CONTENT_TYPES, withSdkMetadata } from '../sdk-response';
import { asObject, asText } from './parameters';

export const snsPublishHandler: IntegrationHandler = {
  resource: 'sns:publish',
  patterns: ['request-response', 'waitForTaskToken'],
  async run(request, context) {
    const parameters = asObject(request.parameters) ?? {};
    const form = new URLSearchParams({ Action: 'Publish', Version: '2010-03-31' });
    for (const name of PUBLISH_FIELDS) {
      const value = asText(parameters[name]);
      if (value !== undefined) form.set(name, value);
    }
    let i = 1;
    for (const [name, raw] of Object.entries(asObject(parameters['MessageAttributes'] ?? null) ?? {})) {
      const attribute = asObject(raw) ?? {};
      form.set(`MessageAttributes.entry.${i}.Name`, name);
      for (const field of MESSAGE_ATTRIBUTE_VALUE_FIELDS) {
        const value = asText(attribute[field]);
        if (value !== undefined) form.set(`MessageAttributes.entry.${i}.Value.${field}`, value);
      }
      i++;
    }
    let response: Response;
    try {
      response = await fetch(context.endpointUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
        signal: request.signal,
      });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new StatesError('SNS.SdkClientException', `Unable to execute HTTP request: ${String(error)}`);
    }
    const xml = await response.text();
    if (!response.ok) {
      const code = element(xml, 'Code') ?? 'InternalError';
      const message = element(xml, 'Message') ?? `HTTP ${response.status}`;
      throw new StatesError(
        `SNS.${code}Exception`,
        `${message} (Service: AmazonSNS; Status Code: ${response.status}; Error Code: ${code}; Request ID: ${element(xml, 'RequestId') ?? randomUUID()}; Proxy: null)`,
      );
    }
    const result: Record<string, Json> = { MessageId: element(xml, 'MessageId') ?? '' };
    const sequenceNumber = element(xml, 'SequenceNumber');
    if (sequenceNumber !== undefined) result['SequenceNumber'] = sequenceNumber;
    return withSdkMetadata(result, { contentType: CONTENT_TYPES.xml, rawBody: xml });
  },
};

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** The text of the first `<name>` element (the answers here are flat and known). */
function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|quot|apos|amp);/gi, (_, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity.toLowerCase()] ?? '';
  });
}
