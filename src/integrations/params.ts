/**
 * Reading a Task state's Parameters as an AWS API would read its request: each wrong field is reported with
 * the API's own error (ECS.InvalidParameterException, Batch.ClientException) and names the field.
 */
import type { Json, JsonObject, StatesError } from '../engine';

export type ApiError = (message: string) => StatesError;

export class Params {
  constructor(
    private readonly fail: ApiError,
    readonly value: JsonObject,
    private readonly at = '',
  ) {}

  static of(raw: Json, fail: ApiError, what: string): Params {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw fail(`${what} parameters must be a JSON object.`);
    return new Params(fail, raw);
  }

  error(message: string): StatesError {
    return this.fail(message);
  }

  private name(field: string): string {
    return `${this.at}${field}`;
  }

  string(field: string): string | undefined {
    const v = this.value[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.fail(`${this.name(field)} must be a string.`);
    return v;
  }

  requiredString(field: string): string {
    const v = this.string(field);
    if (v === undefined || v === '') throw this.fail(`${this.name(field)} is required.`);
    return v;
  }

  integer(field: string): number | undefined {
    const v = this.value[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.fail(`${this.name(field)} must be an integer.`);
    return v;
  }

  object(field: string): Params | undefined {
    const v = this.value[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.fail(`${this.name(field)} must be an object.`);
    return new Params(this.fail, v, `${this.name(field)}.`);
  }

  objects(field: string): Params[] {
    const v = this.value[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.fail(`${this.name(field)} must be a list.`);
    return v.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw this.fail(`${this.name(field)}[${i}] must be an object.`);
      }
      return new Params(this.fail, item, `${this.name(field)}[${i}].`);
    });
  }

  strings(field: string): string[] | undefined {
    const v = this.value[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
      throw this.fail(`${this.name(field)} must be a list of strings.`);
    }
    return v;
  }

  /** `[{Name, Value}]`, as ECS and Batch take environment variables. */
  environment(field: string): Array<{ Name: string; Value: string }> {
    return this.objects(field).map((pair) => ({
      Name: pair.requiredString('Name'),
      Value: pair.string('Value') ?? '',
    }));
  }

  /** A map of strings (Batch Parameters). */
  stringMap(field: string): Record<string, string> {
    const o = this.object(field);
    const out: Record<string, string> = {};
    for (const key of Object.keys(o?.value ?? {})) out[key] = o?.string(key) ?? '';
    return out;
  }
}
