import { StatesRuntimeError } from '../errors';
import { stringifyJson, type Json } from '../json';

/**
 * A path in a payload template, intrinsic argument or *Path field matched nothing. Callers that know the field
 * name rethrow it with `forField`, which gives AWS's full cause.
 */
export class PathNotFoundError extends StatesRuntimeError {
  constructor(
    readonly path: string,
    readonly input: Json,
    field?: string,
  ) {
    super(
      field === undefined
        ? `The JSONPath '${path}' could not be found in the input '${stringifyJson(input)}'`
        : `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${stringifyJson(input)}'`,
    );
  }

  forField(field: string): PathNotFoundError {
    return new PathNotFoundError(this.path, this.input, field);
  }
}
