/**
 * A mocked context object (TestState `context`): the fields AWS accepts, with their types, and the messages AWS
 * gives for the rest.
 */
import type { JsonObject } from '../../engine';
import { serviceError, type ServiceError } from '../errors';

type FieldType = 'string' | 'integer' | 'any';

/** What may be mocked: `Map` is not (a Map state's item context comes from its items). */
const SHAPE: Record<string, Record<string, FieldType>> = {
  Execution: {
    Id: 'string',
    Input: 'any',
    Name: 'string',
    RoleArn: 'string',
    StartTime: 'string',
    RedriveCount: 'integer',
    RedriveTime: 'string',
  },
  State: { Name: 'string', EnteredTime: 'string', RetryCount: 'integer' },
  StateMachine: { Id: 'string', Name: 'string' },
  Task: { Token: 'string' },
};

export function parseContextObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('the context object must be valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse('the context object must be a JSON object');
  }
  for (const [field, inner] of Object.entries(value)) {
    if (field === 'Map') throw refuse(`'Map' field is not supported when mocking a Context object`);
    const shape = SHAPE[field];
    if (shape === undefined) throw refuse(`Field '${field}' is not allowed`);
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
      throw refuse(`${field} must be an object`);
    }
    for (const [name, v] of Object.entries(inner as Record<string, unknown>)) {
      const type = shape[name];
      if (type === undefined) throw refuse(`Field '${field}.${name}' is not allowed`);
      if (type === 'string' && typeof v !== 'string') throw refuse(`${field}.${name} must be a string`);
      if (type === 'integer' && !Number.isInteger(v)) throw refuse(`${field}.${name} must be an integer`);
    }
  }
  return value as JsonObject;
}

function refuse(reason: string): ServiceError {
  return serviceError('ValidationException', `Invalid Context object provided: ${reason}`);
}
