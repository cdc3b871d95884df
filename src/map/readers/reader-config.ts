/**
 * ReaderConfig as written → one checked shape the readers switch on. The engine has validated the definition;
 * what is checked here is what only the evaluated Parameters/Arguments reveal, with AWS's error.
 */
import type { ItemReaderRequest, Json, JsonObject } from '../../engine';
import { itemReaderFailed } from './reader-failure';

export type InputType = 'CSV' | 'JSON' | 'JSONL' | 'PARQUET';

export interface CsvOptions {
  delimiter: string;
  /** Undefined: the first row is the header (FIRST_ROW). */
  headers?: string[];
}

export interface FileFormat {
  inputType: InputType;
  csv: CsvOptions;
  /** JSON only: the JSON Pointer to the array or object to iterate. */
  itemsPointer?: string;
}

export type ReaderPlan =
  | { kind: 'object'; bucket: string; key: string; versionId?: string; format: FileFormat }
  | { kind: 'inventory'; bucket: string; key: string; versionId?: string; csv: CsvOptions }
  | { kind: 'athena'; bucket: string; key: string; versionId?: string; format: FileFormat }
  | { kind: 'list'; bucket: string; prefix: string }
  | { kind: 'list-and-load'; bucket: string; prefix: string; format: FileFormat };

export const GET_OBJECT = 'arn:aws:states:::s3:getObject';
export const LIST_OBJECTS_V2 = 'arn:aws:states:::s3:listObjectsV2';

const DELIMITERS: Readonly<Record<string, string>> = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
};

export function planReader(request: ItemReaderRequest): ReaderPlan {
  const { parameters, readerConfig } = request;
  const bucket = requiredString(parameters, 'Bucket');
  const transformation = optionalString(readerConfig, 'Transformation') ?? 'NONE';
  const manifestType = optionalString(readerConfig, 'ManifestType');
  const versionId = optionalString(parameters, 'VersionId');
  const version = versionId === undefined ? {} : { versionId };

  if (request.resource === LIST_OBJECTS_V2) {
    const prefix = optionalString(parameters, 'Prefix') ?? '';
    if (transformation === 'LOAD_AND_FLATTEN')
      return { kind: 'list-and-load', bucket, prefix, format: format(readerConfig) };
    if (transformation !== 'NONE')
      throw itemReaderFailed(`Unsupported ReaderConfig.Transformation '${transformation}'`);
    return { kind: 'list', bucket, prefix };
  }
  if (request.resource !== GET_OBJECT) {
    throw itemReaderFailed(`Unsupported ItemReader resource '${request.resource}'`);
  }
  const key = requiredString(parameters, 'Key');
  const inputType = optionalString(readerConfig, 'InputType');
  if (inputType === 'MANIFEST' || manifestType !== undefined) {
    if (manifestType === 'S3_INVENTORY' || manifestType === undefined) {
      return { kind: 'inventory', bucket, key, ...version, csv: csvOptions(readerConfig) };
    }
    if (manifestType === 'ATHENA_DATA') {
      const dataFormat = format(readerConfig);
      if (dataFormat.inputType === 'JSON') {
        throw itemReaderFailed('ManifestType ATHENA_DATA takes InputType CSV, JSONL or PARQUET');
      }
      return { kind: 'athena', bucket, key, ...version, format: dataFormat };
    }
    throw itemReaderFailed(`Unsupported ReaderConfig.ManifestType '${manifestType}'`);
  }
  return { kind: 'object', bucket, key, ...version, format: format(readerConfig) };
}

function format(config: JsonObject): FileFormat {
  const inputType = optionalString(config, 'InputType');
  if (inputType !== 'CSV' && inputType !== 'JSON' && inputType !== 'JSONL' && inputType !== 'PARQUET') {
    throw itemReaderFailed(
      inputType === undefined
        ? 'ReaderConfig.InputType is required: CSV, JSON, JSONL or PARQUET'
        : `Unsupported ReaderConfig.InputType '${inputType}'`,
    );
  }
  const itemsPointer = optionalString(config, 'ItemsPointer');
  return {
    inputType,
    csv: csvOptions(config),
    ...(itemsPointer === undefined || itemsPointer === '' ? {} : { itemsPointer }),
  };
}

function csvOptions(config: JsonObject): CsvOptions {
  const name = optionalString(config, 'CSVDelimiter') ?? 'COMMA';
  const delimiter = DELIMITERS[name];
  if (delimiter === undefined) {
    throw itemReaderFailed(`Unsupported CSVDelimiter '${name}': use COMMA, PIPE, SEMICOLON, SPACE or TAB`);
  }
  const location = optionalString(config, 'CSVHeaderLocation') ?? 'FIRST_ROW';
  if (location === 'FIRST_ROW') return { delimiter };
  if (location !== 'GIVEN') throw itemReaderFailed(`Unsupported CSVHeaderLocation '${location}'`);
  const headers = config['CSVHeaders'];
  if (!Array.isArray(headers) || headers.length === 0 || !headers.every((h): h is string => typeof h === 'string')) {
    throw itemReaderFailed('CSVHeaderLocation GIVEN needs CSVHeaders, an array of strings');
  }
  if (new Set(headers).size !== headers.length) throw itemReaderFailed('CSV headers cannot contain duplicates.');
  return { delimiter, headers };
}

function optionalString(object: JsonObject, field: string): string | undefined {
  const value: Json | undefined = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw itemReaderFailed(`Field ${field} must be a string`);
  return value;
}

function requiredString(object: JsonObject, field: string): string {
  const value = optionalString(object, field);
  if (value === undefined || value === '') throw itemReaderFailed(`The ItemReader's ${field} is missing`);
  return value;
}
