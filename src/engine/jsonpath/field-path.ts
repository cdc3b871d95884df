import type { Json } from '../json';
import { evaluateIntrinsic, isIntrinsicCall } from '../intrinsics';
import { PathNotFoundError } from './path-not-found';
import { resolvePath } from './query';
import type { PathScope } from './scope';

/**
 * The value of a field that holds a path or an intrinsic call: a `"key.$"` entry of a payload template, or
 * ErrorPath / CausePath. A path that matches nothing fails with AWS's cause "The JSONPath '$.x' specified for
 * the field 'key.$' could not be found in the input '{...}'". The value is a reference into the scope.
 */
export function evaluateFieldPath(expression: string, field: string, scope: PathScope): Json {
  if (isIntrinsicCall(expression)) {
    try {
      return evaluateIntrinsic(expression, scope);
    } catch (e) {
      if (e instanceof PathNotFoundError) throw e.forField(field);
      throw e;
    }
  }
  const { outcome } = resolvePath(expression, scope);
  if (outcome.found) return outcome.value;
  throw new PathNotFoundError(expression, scope.input, field);
}
