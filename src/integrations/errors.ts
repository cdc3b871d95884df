/**
 * Errors of the local integrations: configuration mistakes (profile, chaos) that stop the server from starting,
 * and the service API errors a Task state sees (`ECS.InvalidParameterException`, `Batch.ClientException`),
 * worded as AWS words them (spec §4.2, §4.3).
 */
import { randomUUID } from 'node:crypto';
import { StatesError, StatesErrorName } from '../engine';

const BRAND = Symbol.for('fanout.ConfigError');

/** A bad profile or --chaos value: the message names the file and the field; no stack is shown. */
export class ConfigError extends Error {
  readonly [BRAND] = true;

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** `ECS.<Code>` with AWS's cause format: "<msg> (Service: AmazonECS; Status Code: 400; Error Code: …; …)". */
export function ecsApiError(code: string, message: string): StatesError {
  return new StatesError(`ECS.${code}`, serviceCause(message, 'AmazonECS', 400, code));
}

/** `Batch.<Code>`, e.g. Batch.ClientException, with the AWSBatch cause format. */
export function batchApiError(code: string, message: string): StatesError {
  return new StatesError(`Batch.${code}`, serviceCause(message, 'AWSBatch', 400, code));
}

/** States.TaskFailed whose cause is the task or job as JSON, as `.sync` failures carry it. */
export function taskFailed(described: unknown): StatesError {
  return new StatesError(StatesErrorName.TaskFailed, JSON.stringify(described));
}

function serviceCause(message: string, service: string, status: number, code: string): string {
  return `${message} (Service: ${service}; Status Code: ${status}; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`;
}
