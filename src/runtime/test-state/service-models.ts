/**
 * Response shapes of AWS APIs, from the AWS SDK's service models (models/aws-service-responses.json, written by
 * scripts/service-models.mjs from botocore's service-2.json files). Read once, on the first mocked result checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseResource } from '../../engine';

export interface Shape {
  type: string;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  members?: Record<string, Shape>;
  member?: Shape;
  value?: Shape;
}

interface RawShape {
  type: string;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  members?: Record<string, string>;
  member?: string;
  value?: string;
}

interface ServiceModels {
  services: Record<string, { operations: Record<string, string>; shapes: Record<string, RawShape> }>;
}

/** Same depth from src/runtime/test-state and dist/runtime/test-state. */
const MODELS_FILE = join(__dirname, '..', '..', '..', 'models', 'aws-service-responses.json');

/** Integration and aws-sdk service names that differ from the models' names. */
const SERVICE_NAMES: Record<string, string> = { states: 'stepfunctions', sfn: 'stepfunctions', eventbridge: 'events' };

/**
 * Fields an optimized integration hands over decoded rather than as the API's type: lambda:invoke returns the
 * function's Payload as JSON.
 */
const DECODED: Record<string, string[]> = { 'lambda:Invoke': ['Payload'] };

let models: ServiceModels | undefined;
const resolved = new Map<string, Shape>();

/** The response shape of the API a Task resource calls, or undefined when the models do not have it. */
export function responseShape(resource: string): Shape | undefined {
  const parsed = parseResource(resource);
  if (parsed.pattern !== 'request-response') return undefined;
  const sdk = parsed.resourceType.startsWith('aws-sdk:');
  if (!sdk && !resource.startsWith('arn:aws:states:::')) return undefined;
  const service = sdk ? parsed.resourceType.slice('aws-sdk:'.length) : parsed.resourceType;
  const api = parsed.resource;
  const name = SERVICE_NAMES[service] ?? service;
  models ??= JSON.parse(readFileSync(MODELS_FILE, 'utf8')) as ServiceModels;
  const model = models.services[name];
  if (model === undefined || api.length === 0) return undefined;
  const operation = api[0]!.toUpperCase() + api.slice(1);
  const output = model.operations[operation];
  if (output === undefined) return undefined;
  const key = `${name}:${operation}`;
  const cached = resolved.get(key);
  if (cached !== undefined) return cached;
  const shape = resolve(model.shapes, output, new Map());
  const decoded = DECODED[`${service}:${operation}`];
  const result: Shape =
    decoded === undefined || shape.members === undefined
      ? shape
      : {
          ...shape,
          members: Object.fromEntries(
            Object.entries(shape.members).map(([m, s]) => [m, decoded.includes(m) ? { type: 'any' } : s]),
          ),
        };
  resolved.set(key, result);
  return result;
}

function resolve(shapes: Record<string, RawShape>, name: string, seen: Map<string, Shape>): Shape {
  const done = seen.get(name);
  if (done !== undefined) return done;
  const raw = shapes[name];
  if (raw === undefined) return { type: 'any' };
  const shape: Shape = { type: raw.type };
  seen.set(name, shape);
  if (raw.required !== undefined) shape.required = raw.required.map(pascal);
  if (raw.enum !== undefined) shape.enum = raw.enum;
  if (raw.min !== undefined) shape.min = raw.min;
  if (raw.max !== undefined) shape.max = raw.max;
  if (raw.members !== undefined) {
    shape.members = {};
    // Step Functions hands every service response over with PascalCase field names, whatever the API's casing.
    for (const [m, ref] of Object.entries(raw.members)) shape.members[pascal(m)] = resolve(shapes, ref, seen);
  }
  if (raw.member !== undefined) shape.member = resolve(shapes, raw.member, seen);
  if (raw.value !== undefined) shape.value = resolve(shapes, raw.value, seen);
  return shape;
}

function pascal(name: string): string {
  return name.length === 0 ? name : name[0]!.toUpperCase() + name.slice(1);
}
