/**
 * `arn:aws:states:::aws-sdk:s3:<action>` for the object actions workflows use (spec §4.6): PascalCase
 * Parameters go to @aws-sdk/client-s3 on the local endpoint (path-style), and the result is the SDK's output
 * in AWS's PascalCase, with GetObject's Body as text and timestamps as ISO-8601. Errors become
 * `S3.<Code>Exception` with the SDK-integration cause format.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Json, JsonObject } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { clientConfig } from './clients';
import { asObject } from './parameters';
import { parameterError, serviceError, type ServiceErrorStyle } from './service-errors';

const S3_ERRORS: ServiceErrorStyle = {
  prefix: 'S3',
  service: 'S3',
  sdkStyle: true,
  // HeadObject has no body to name the error, so the SDK reports the bare status; S3 means NoSuchKey.
  rename: { NotFound: 'NoSuchKey' },
};

type Send = (client: S3Client, input: JsonObject, signal: AbortSignal) => Promise<object>;

const ACTIONS: Readonly<Record<string, Send>> = {
  getObject: (c, i, abortSignal) => c.send(new GetObjectCommand(i as never), { abortSignal }),
  putObject: (c, i, abortSignal) => c.send(new PutObjectCommand(withTextBody(i) as never), { abortSignal }),
  headObject: (c, i, abortSignal) => c.send(new HeadObjectCommand(i as never), { abortSignal }),
  listObjects: (c, i, abortSignal) => c.send(new ListObjectsCommand(i as never), { abortSignal }),
  listObjectsV2: (c, i, abortSignal) => c.send(new ListObjectsV2Command(i as never), { abortSignal }),
  copyObject: (c, i, abortSignal) => c.send(new CopyObjectCommand(i as never), { abortSignal }),
  deleteObject: (c, i, abortSignal) => c.send(new DeleteObjectCommand(i as never), { abortSignal }),
};

export function s3SdkHandlers(): IntegrationHandler[] {
  return Object.entries(ACTIONS).map(([action, send]) => ({
    resource: `aws-sdk:s3:${action}`,
    patterns: ['request-response', 'waitForTaskToken'],
    async run(request, context) {
      const parameters = asObject(request.parameters);
      if (parameters === undefined) {
        throw parameterError(S3_ERRORS, 'InvalidRequest', 'The parameters must be a JSON object.');
      }
      const client = new S3Client({ ...clientConfig(context), forcePathStyle: true });
      try {
        return await toJson((await send(client, parameters, request.signal)) as Record<string, unknown>);
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        throw serviceError(error, S3_ERRORS);
      } finally {
        client.destroy();
      }
    },
  }));
}

/**
 * PutObject's Body as Step Functions sends it: the JSON text of whatever JSON value the state passed — a string
 * too, quotes and all (AWS stores `"text data"` for the string text data) — as UTF-8 text.
 */
function withTextBody(input: JsonObject): JsonObject {
  const body = input['Body'];
  if (body === undefined) return input;
  return { ContentType: 'text/plain; charset=UTF-8', ...input, Body: JSON.stringify(body) };
}

/** The SDK's output as JSON: no $metadata, streams read as text, dates as ISO-8601 without milliseconds. */
async function toJson(output: Record<string, unknown>): Promise<JsonObject> {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(output)) {
    if (key === '$metadata' || value === undefined) continue;
    if (key === 'Body' && value !== null && typeof value === 'object' && 'transformToString' in value) {
      out[key] = await (value as { transformToString(): Promise<string> }).transformToString();
    } else {
      out[key] = plain(value);
    }
  }
  return out;
}

function plain(value: unknown): Json {
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value as Json;
}
