import { StatesRuntimeError } from '../errors';
import type { Json } from '../json';
import { PathNotFoundError } from '../jsonpath/path-not-found';
import { queryPath } from '../jsonpath/query';
import type { PathScope } from '../jsonpath/scope';
import { PathSyntaxError } from '../jsonpath/syntax-error';
import type { IntrinsicArgument, IntrinsicCall } from './ast';
import { INTRINSIC_FUNCTIONS } from './functions';
import { parseIntrinsic } from './parse';

/**
 * Evaluates an intrinsic call such as `States.Format('{}', $.a)`. A syntax error is States.Runtime; bad argument
 * values are States.IntrinsicFailure; a path argument that matches nothing is a PathNotFoundError (States.Runtime).
 * The result may share structure with the scope's values.
 */
export function evaluateIntrinsic(expression: string, scope: PathScope): Json {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(expression);
  } catch (e) {
    if (e instanceof PathSyntaxError) {
      throw new StatesRuntimeError(`Invalid intrinsic function '${expression}' : ${e.reason} at index ${e.index}`);
    }
    throw e;
  }
  return evaluateCall(call, scope);
}

function evaluateCall(call: IntrinsicCall, scope: PathScope): Json {
  const values = call.args.map((arg) => argumentValue(arg, scope));
  return INTRINSIC_FUNCTIONS[call.name](values, call, scope);
}

function argumentValue(arg: IntrinsicArgument, scope: PathScope): Json {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'path': {
      const result = queryPath(arg.path, scope);
      if (!result.found) throw new PathNotFoundError(arg.path, scope.input);
      return result.value;
    }
    case 'call':
      return evaluateCall(arg.call, scope);
  }
}
