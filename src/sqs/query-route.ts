/**
 * SQS over the AWS query protocol (form-encoded `Action=<Op>&Version=2012-11-05`, XML answers), which the AWS CLI
 * v2 before 2.13 and other older SDKs still send. Requests are decoded into the JSON protocol's members, so
 * both protocols run the same operations; answers are encoded back following the SQS model's XML names.
 */
import { randomUUID } from 'node:crypto';
import type { ApiResponse, Route } from '../protocol/http';
import { isWireError, WireError } from '../protocol/wire-error';
import { escapeXml } from '../protocol/xml';

import { baseUrlOf, sqsOperations } from './operations';
import type { Input } from './params';
import type { LocalSqs } from './service';

const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const FORM = 'application/x-www-form-urlencoded';

export function sqsQueryRoute(service: LocalSqs, log?: (line: string) => void): Route {
  const operations = sqsOperations(service);
  return async (request) => {
    if (request.method !== 'POST' || !(request.headers['content-type'] ?? '').startsWith(FORM)) return undefined;
    const params = new URLSearchParams(request.body.toString('utf8'));
    const action = params.get('Action');
    const version = params.get('Version');
    if (action === null || !Object.hasOwn(operations, action) || (version !== null && version !== '2012-11-05')) {
      return undefined;
    }
    const input = decodeQuery(params, '');
    // Older clients post to the queue URL itself instead of sending a QueueUrl member.
    if (input['QueueUrl'] === undefined && /^\/\d+\/[\w-]+(\.fifo)?\/?(\?.*)?$/.test(request.url)) {
      input['QueueUrl'] = `${baseUrlOf(request.headers) ?? 'http://localhost'}${request.url.split('?')[0]!}`;
    }
    const baseUrl = baseUrlOf(request.headers);
    try {
      const output = await operations[action]!(input, baseUrl === undefined ? {} : { baseUrl });
      return xmlResponse(200, encodeResult(action, (output ?? {}) as Record<string, unknown>));
    } catch (error) {
      if (isWireError(error)) return xmlResponse(error.status, encodeError(error));
      log?.(`SQS ${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return xmlResponse(500, encodeError(new WireError('InternalFailure', 'Internal error', { status: 500 })));
    }
  };
}

const SCALARS = [
  'QueueUrl',
  'QueueName',
  'QueueNamePrefix',
  'QueueOwnerAWSAccountId',
  'MaxResults',
  'NextToken',
  'MessageBody',
  'DelaySeconds',
  'MessageGroupId',
  'MessageDeduplicationId',
  'MaxNumberOfMessages',
  'VisibilityTimeout',
  'WaitTimeSeconds',
  'ReceiveRequestAttemptId',
  'ReceiptHandle',
  'Id',
];

const LISTS: Readonly<Record<string, string>> = {
  AttributeNames: 'AttributeName',
  MessageAttributeNames: 'MessageAttributeName',
  MessageSystemAttributeNames: 'MessageSystemAttributeName',
};

const ENTRIES = [
  'SendMessageBatchRequestEntry',
  'DeleteMessageBatchRequestEntry',
  'ChangeMessageVisibilityBatchRequestEntry',
];

/** Form parameters (`Attribute.1.Name=…`) → JSON protocol members (`Attributes: {…}`). */
export function decodeQuery(params: URLSearchParams, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of SCALARS) {
    const value = params.get(prefix + name);
    if (value !== null) out[name] = value;
  }
  for (const [member, element] of Object.entries(LISTS)) {
    const list = indexed(params, `${prefix}${element}`).map((p) => params.get(p)!);
    if (list.length > 0) out[member] = list;
  }
  const attributes = indexed(params, `${prefix}Attribute`, '.Name');
  if (attributes.length > 0) {
    out['Attributes'] = Object.fromEntries(
      attributes.map((p) => [params.get(`${p}.Name`)!, params.get(`${p}.Value`) ?? '']),
    );
  }
  const messageAttributes = indexed(params, `${prefix}MessageAttribute`, '.Name');
  if (messageAttributes.length > 0) {
    const map: Record<string, Input> = {};
    for (const p of messageAttributes) {
      const value: Record<string, string> = {};
      for (const field of ['DataType', 'StringValue', 'BinaryValue']) {
        const v = params.get(`${p}.Value.${field}`);
        if (v !== null) value[field] = v;
      }
      map[params.get(`${p}.Name`)!] = value;
    }
    out['MessageAttributes'] = map;
  }
  for (const element of ENTRIES) {
    const entries = indexed(params, `${prefix}${element}`, '.Id');
    if (entries.length > 0) out['Entries'] = entries.map((p) => decodeQuery(params, `${p}.`));
  }
  return out;
}

/** `Name.1`, `Name.2`, … (with `suffix` appended when testing presence) until the first gap. */
function indexed(params: URLSearchParams, name: string, suffix = ''): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}${suffix}`); i++) out.push(`${name}.${i}`);
  return out;
}

/** Element names of lists and maps in SQS's XML (flattened, so each item repeats the member's element name). */
function listElement(action: string, member: string): string | undefined {
  switch (member) {
    case 'QueueUrls':
      return 'QueueUrl';
    case 'Messages':
      return 'Message';
    case 'Successful':
      return `${action}ResultEntry`;
    case 'Failed':
      return 'BatchResultErrorEntry';
    default:
      return undefined;
  }
}

export function encodeResult(action: string, output: Record<string, unknown>): string {
  const requestId = randomUUID();
  const result =
    Object.keys(output).length === 0 ? '' : `<${action}Result>${encodeMembers(action, output)}</${action}Result>`;
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function encodeMembers(action: string, value: Record<string, unknown>): string {
  let xml = '';
  for (const [member, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (member === 'Attributes' || member === 'MessageAttributes') {
      const element = member === 'Attributes' ? 'Attribute' : 'MessageAttribute';
      for (const [name, item] of Object.entries(v as Record<string, unknown>)) {
        const encoded =
          typeof item === 'object' && item !== null
            ? encodeMembers(action, item as Record<string, unknown>)
            : escapeXml(String(item));
        xml += `<${element}><Name>${escapeXml(name)}</Name><Value>${encoded}</Value></${element}>`;
      }
    } else if (Array.isArray(v)) {
      const element = listElement(action, member) ?? member;
      for (const item of v as unknown[]) {
        const encoded =
          typeof item === 'object' && item !== null
            ? encodeMembers(action, item as Record<string, unknown>)
            : escapeXml(String(item));
        xml += `<${element}>${encoded}</${element}>`;
      }
    } else {
      xml += `<${member}>${escapeXml(typeof v === 'string' ? v : JSON.stringify(v))}</${member}>`;
    }
  }
  return xml;
}

function encodeError(error: WireError): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${error.fault}</Type>` +
    `<Code>${escapeXml(error.queryCode)}</Code><Message>${escapeXml(error.message)}</Message><Detail/></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

function xmlResponse(status: number, body: string): ApiResponse {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }, body };
}
