/** Reading SQS request members with SQS's own error texts: bad input is an SqsError, never a crash. */
import { sqsError, invalidParameterValue, missingParameter } from './errors';
import type { MessageAttributeValue } from './md5';

export type Input = Readonly<Record<string, unknown>>;

export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'string') throw invalidParameterValue(`Value for parameter ${name} is invalid.`);
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameterValue(`Value for parameter ${name} is invalid.`);
  return value;
}

/** An integer in [min, max]; the query protocol sends numbers as strings, so numeric strings are accepted. */
export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameterValue(
      `Value ${typeof raw === 'string' || typeof raw === 'number' ? raw : JSON.stringify(raw)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`,
    );
  }
  return value;
}

export function optionalStringList(input: Input, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalidParameterValue(`Value for parameter ${name} is invalid.`);
  }
  return value;
}

export function optionalStringMap(input: Input, name: string): Record<string, string> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameterValue(`Value for parameter ${name} is invalid.`);
  }
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw sqsError('InvalidAttributeValue', `Invalid value for the parameter ${key}.`);
    out[key] = v;
  }
  return out;
}

const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)(?![Aa][Ww][Ss]\.)(?![Aa][Mm][Aa][Zz][Oo][Nn]\.)[\w.-]{1,256}$/;

/** MessageAttributes: at most 10, each with a data type of String, Number or Binary (plus an optional label). */
export function messageAttributes(input: Input, name = 'MessageAttributes'): Record<string, MessageAttributeValue> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameterValue(`Value for parameter ${name} is invalid.`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 10) {
    throw invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  }
  const out: Record<string, MessageAttributeValue> = {};
  for (const [key, raw] of entries) {
    if (!ATTRIBUTE_NAME.test(key)) {
      throw invalidParameterValue(`Message (user) attribute name '${key}' is invalid.`);
    }
    const attribute = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const dataType = attribute['DataType'];
    if (typeof dataType !== 'string' || dataType === '') {
      throw invalidParameterValue(`The message attribute '${key}' must contain a non-empty attribute type.`);
    }
    const base = dataType.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw invalidParameterValue(
        `The type of message (user) attribute '${key}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    const stringValue = attribute['StringValue'];
    const binaryValue = attribute['BinaryValue'];
    if (base === 'Binary') {
      if (typeof binaryValue !== 'string' || binaryValue === '') {
        throw invalidParameterValue(`The message attribute '${key}' must contain a non-empty message attribute value.`);
      }
      out[key] = { DataType: dataType, BinaryValue: binaryValue };
    } else {
      if (typeof stringValue !== 'string' || stringValue === '') {
        throw invalidParameterValue(`The message attribute '${key}' must contain a non-empty message attribute value.`);
      }
      if (base === 'Number' && !Number.isFinite(Number(stringValue))) {
        throw invalidParameterValue(`Can't cast the value of message (user) attribute '${key}' to a number.`);
      }
      out[key] = { DataType: dataType, StringValue: stringValue };
    }
  }
  return out;
}

/** The Entries of a batch request: 1 to 10 objects with distinct, well-formed Ids. */
export function batchEntries(input: Input): Input[] {
  const value = input['Entries'];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    throw sqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
  }
  if (!Array.isArray(value)) throw invalidParameterValue('Value for parameter Entries is invalid.');
  if (value.length > 10) {
    throw sqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${value.length}.`,
    );
  }
  const ids = new Set<string>();
  for (const entry of value as unknown[]) {
    const id = typeof entry === 'object' && entry !== null ? (entry as Input)['Id'] : undefined;
    if (typeof id !== 'string' || !/^[\w-]{1,80}$/.test(id)) {
      throw sqsError(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    }
    if (ids.has(id)) throw sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    ids.add(id);
  }
  return value as Input[];
}
