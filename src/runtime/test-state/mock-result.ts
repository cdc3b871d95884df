/**
 * fieldValidationMode: a mocked result checked against the response shape of the API the Task calls, from the AWS
 * SDK's own service models (./service-models.ts). STRICT: every field the result has must be in the shape and every
 * required one present; PRESENT: only the fields present are checked; NONE: nothing is.
 */
import type { Json } from '../../engine';
import { serviceError } from '../errors';
import { responseShape, type Shape } from './service-models';

export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';

export function checkMockResult(resource: string, result: Json, mode: FieldValidationMode): void {
  if (mode === 'NONE') return;
  const shape = responseShape(resource);
  if (shape === undefined) return;
  const problem = check(shape, result, mode, true);
  if (problem !== undefined) {
    throw serviceError('ValidationException', `Mock result schema validation error: ${problem}`);
  }
}

function check(shape: Shape, value: Json, mode: FieldValidationMode, top: boolean, name = ''): string | undefined {
  void top;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return `Field '${name}' must be an object`;
      if (mode === 'STRICT') {
        for (const required of shape.required ?? []) {
          if (!(required in value)) return `Required field '${required}' is missing`;
        }
      }
      for (const [field, inner] of Object.entries(value)) {
        const member = shape.members?.[field];
        if (member === undefined) continue;
        const problem = check(member, inner, mode, false, field);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'list': {
      if (!Array.isArray(value)) return `Field '${name}' must be an array`;
      for (const item of value) {
        const problem = shape.member ? check(shape.member, item, mode, false, name) : undefined;
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return `Field '${name}' must be an object`;
      for (const inner of Object.values(value)) {
        const problem = shape.value ? check(shape.value, inner, mode, false, name) : undefined;
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'string':
    case 'blob':
    case 'timestamp': {
      if (typeof value !== 'string') return `Field '${name}' must be a string`;
      if (shape.enum !== undefined && !shape.enum.includes(value)) return `Field '${name}' is not an expected value`;
      if (shape.min !== undefined && value.length < shape.min) {
        return `Field '${name}' is smaller than the minimum length`;
      }
      if (shape.max !== undefined && value.length > shape.max) return `Field '${name}' exceeds the maximum length`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `Field '${name}' must be a boolean`;
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (typeof value !== 'number') return `Field '${name}' must be a number`;
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) {
        return `Field '${name}' must be an integer`;
      }
      if (shape.min !== undefined && value < shape.min) return `Field '${name}' is less than the minimum value`;
      if (shape.max !== undefined && value > shape.max) return `Field '${name}' exceeds the maximum value`;
      return undefined;
    }
    default:
      return undefined;
  }
}
