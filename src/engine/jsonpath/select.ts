import { StatesRuntimeError } from '../errors';
import type { Json } from '../json';
import { evaluateIntrinsic, isIntrinsicCall } from '../intrinsics';
import { describeMiss, resolvePath } from './query';
import type { PathScope } from './scope';

/**
 * InputPath / OutputPath / ItemsPath semantics: undefined → whole input; null → {}; no match →
 * StatesRuntimeError with AWS's text, e.g. "Invalid path '$.NoSuchInputPath' : No results for path:
 * $['NoSuchInputPath']". The value is a reference into the scope, not a copy.
 */
export function selectPath(path: string | null | undefined, scope: PathScope): Json {
  if (path === undefined || path === '$') return scope.input;
  if (path === null) return {};
  if (isIntrinsicCall(path)) return evaluateIntrinsic(path, scope);
  const { path: parsed, outcome } = resolvePath(path, scope);
  if (outcome.found) return outcome.value;
  throw new StatesRuntimeError(`Invalid path '${path}' : ${describeMiss(parsed, outcome.miss)}`);
}
