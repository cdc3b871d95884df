/**
 * SNS on the shared endpoint: the query protocol (`Action=Publish&Version=2010-03-31`, XML answers) for topics
 * (CreateTopic, ListTopics, GetTopicAttributes, DeleteTopic), subscriptions (Subscribe, Unsubscribe,
 * ListSubscriptions[ByTopic], Get/SetSubscriptionAttributes) and Publish, so `aws sns publish --endpoint-url`
 * works; and one local
 * extension, `Action=ListPublishedMessages[&Topic=NAME][&After=ID]`, answered with JSON `{Messages: [...]}`:
 * SNS itself keeps nothing, but locally what a workflow published is worth seeing (`fanout sns list`). It is a
 * POST to `/` like the rest because every other path on the endpoint belongs to S3.
 */
import { randomUUID } from 'node:crypto';
import type { ApiResponse, Route } from '../protocol/http';
import { jsonResponse } from '../protocol/http';
import { MESSAGE_ATTRIBUTE_VALUE_FIELDS, PUBLISH_FIELDS } from '../protocol/sns-publish';
import { isWireError } from '../protocol/wire-error';
import { escapeXml } from '../protocol/xml';
import type { LocalSns } from './service';

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
export const LIST_PUBLISHED_MESSAGES = 'ListPublishedMessages';

export function snsRoute(service: LocalSns, log?: (line: string) => void): Route {
  return (request) => {
    if (
      request.method !== 'POST' ||
      !(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    ) {
      return Promise.resolve(undefined);
    }
    const params = new URLSearchParams(request.body.toString('utf8'));
    const action = params.get('Action');
    if (params.get('Version') !== '2010-03-31' || action === null) return Promise.resolve(undefined);
    try {
      return Promise.resolve(run(service, action, params));
    } catch (error) {
      if (isWireError(error)) return Promise.resolve(errorXml(error.status, error.code, error.message));
      log?.(`SNS ${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return Promise.resolve(errorXml(500, 'InternalFailure', 'Internal error'));
    }
  };
}

function run(service: LocalSns, action: string, params: URLSearchParams): ApiResponse {
  switch (action) {
    case 'CreateTopic': {
      const arn = service.createTopic({
        Name: params.get('Name') ?? undefined,
        ...withAttributes(params, 'Attributes'),
      }).TopicArn;
      return resultXml(action, `<TopicArn>${escapeXml(arn)}</TopicArn>`);
    }
    case 'ListTopics': {
      const members = service
        .listTopics()
        .Topics.map((t) => `<member><TopicArn>${escapeXml(t.TopicArn)}</TopicArn></member>`);
      return resultXml(action, `<Topics>${members.join('')}</Topics>`);
    }
    case 'GetTopicAttributes':
      return resultXml(
        action,
        attributesXml(service.getTopicAttributes({ TopicArn: params.get('TopicArn') ?? undefined }).Attributes),
      );
    case 'DeleteTopic':
      service.deleteTopic({ TopicArn: params.get('TopicArn') ?? undefined });
      return resultXml(action, undefined);
    case 'Subscribe': {
      const arn = service.subscribe({
        TopicArn: params.get('TopicArn') ?? undefined,
        Protocol: params.get('Protocol') ?? undefined,
        Endpoint: params.get('Endpoint') ?? undefined,
        ...withAttributes(params, 'Attributes'),
      }).SubscriptionArn;
      return resultXml(action, `<SubscriptionArn>${escapeXml(arn)}</SubscriptionArn>`);
    }
    case 'Unsubscribe':
      service.unsubscribe({ SubscriptionArn: params.get('SubscriptionArn') ?? undefined });
      return resultXml(action, undefined);
    case 'GetSubscriptionAttributes':
      return resultXml(
        action,
        attributesXml(
          service.getSubscriptionAttributes({ SubscriptionArn: params.get('SubscriptionArn') ?? undefined }).Attributes,
        ),
      );
    case 'SetSubscriptionAttributes':
      service.setSubscriptionAttributes({
        SubscriptionArn: params.get('SubscriptionArn') ?? undefined,
        AttributeName: params.get('AttributeName') ?? undefined,
        AttributeValue: params.get('AttributeValue') ?? undefined,
      });
      return resultXml(action, undefined);
    case 'ListSubscriptions':
    case 'ListSubscriptionsByTopic': {
      const topic = action === 'ListSubscriptionsByTopic' ? { TopicArn: params.get('TopicArn') ?? '' } : {};
      const members = service.listSubscriptions(topic).Subscriptions.map(
        (s) =>
          `<member>${Object.entries(s)
            .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
            .join('')}</member>`,
      );
      return resultXml(action, `<Subscriptions>${members.join('')}</Subscriptions>`);
    }
    case LIST_PUBLISHED_MESSAGES:
      return listMessages(service, params);
    case 'Publish': {
      const input: Record<string, unknown> = {};
      for (const name of PUBLISH_FIELDS) {
        const value = params.get(name);
        if (value !== null) input[name] = value;
      }
      const attributes: Record<string, Record<string, string>> = {};
      for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
        const value: Record<string, string> = {};
        for (const field of MESSAGE_ATTRIBUTE_VALUE_FIELDS) {
          const v = params.get(`MessageAttributes.entry.${i}.Value.${field}`);
          if (v !== null) value[field] = v;
        }
        attributes[params.get(`MessageAttributes.entry.${i}.Name`)!] = value;
      }
      if (Object.keys(attributes).length > 0) input['MessageAttributes'] = attributes;
      const published = service.publish(input);
      return resultXml(
        action,
        `<MessageId>${published.MessageId}</MessageId>` +
          (published.SequenceNumber === undefined
            ? ''
            : `<SequenceNumber>${published.SequenceNumber}</SequenceNumber>`),
      );
    }
    default:
      return errorXml(400, 'InvalidAction', `The action ${action} is not valid for this endpoint.`);
  }
}

/** `Attributes.entry.N.key` / `.value` pairs as `{Attributes: {key: value}}`, or nothing when there are none. */
function withAttributes(params: URLSearchParams, prefix: string): { Attributes?: Record<string, string> } {
  const attributes: Record<string, string> = {};
  for (let i = 1; params.has(`${prefix}.entry.${i}.key`); i++) {
    attributes[params.get(`${prefix}.entry.${i}.key`)!] = params.get(`${prefix}.entry.${i}.value`) ?? '';
  }
  return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
}

function attributesXml(attributes: Record<string, string>): string {
  const entries = Object.entries(attributes).map(
    ([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></entry>`,
  );
  return `<Attributes>${entries.join('')}</Attributes>`;
}

function listMessages(service: LocalSns, query: URLSearchParams): ApiResponse {
  const topic = query.get('Topic') ?? undefined;
  const after = Number(query.get('After') ?? '0');
  const messages = service.messages({
    ...(topic === undefined ? {} : { topic }),
    ...(Number.isInteger(after) && after > 0 ? { afterId: after } : {}),
  });
  return jsonResponse(200, {
    Messages: messages.map((m) => ({ ...m, topicArn: service.topicArn(m.topic) })),
  });
}

function resultXml(action: string, result: string | undefined): ApiResponse {
  const body =
    `<?xml version="1.0"?><${action}Response xmlns="${NAMESPACE}">` +
    (result === undefined ? '' : `<${action}Result>${result}</${action}Result>`) +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

function errorXml(status: number, code: string, message: string): ApiResponse {
  const body =
    `<?xml version="1.0"?><ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml' }, body };
}
