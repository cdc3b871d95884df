/**
 * Every ItemReader failure is `States.ItemReaderFailed`, with a cause that names the object and the place in
 * it (line or offset), so a user can find the bad row in a 10 GB file without reading it.
 */
import { StatesError, StatesErrorName, isStatesError } from '../../engine';
import { isObjectNotFound } from '../objects';

/** Where an item comes from: the object and, for errors, how to print it. */
export interface ObjectRef {
  bucket: string;
  key: string;
}

export function s3Url(ref: ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}`;
}

export function itemReaderFailed(cause: string): StatesError {
  return new StatesError(StatesErrorName.ItemReaderFailed, cause);
}

/** A failure inside one object: "<what> (s3://bucket/key, line 12)". */
export function failureIn(ref: ObjectRef, what: string, where?: string): StatesError {
  return itemReaderFailed(`${what} (${s3Url(ref)}${where === undefined ? '' : `, ${where}`})`);
}

/**
 * Turns whatever reading one object threw into ItemReaderFailed: StatesErrors pass through, a missing object
 * or bucket says so, anything else (network, S3 errors) keeps its message.
 */
export function asItemReaderFailed(error: unknown, ref: ObjectRef, role = 'object'): StatesError {
  if (isStatesError(error)) return error;
  if (isObjectNotFound(error)) {
    return error.code === 'NoSuchBucket'
      ? itemReaderFailed(`The bucket '${error.bucket}' does not exist (reading the ${role} ${s3Url(ref)})`)
      : itemReaderFailed(`The ${role} ${s3Url(ref)} does not exist`);
  }
  const message = (error as { message?: unknown } | null)?.message;
  return itemReaderFailed(
    `Could not read the ${role} ${s3Url(ref)}: ${typeof message === 'string' ? message : String(error)}`,
  );
}
