import type { Json } from '../../json';
import type { PathScope } from '../../jsonpath/scope';
import type { IntrinsicCall } from '../ast';

/** One intrinsic: argument values already evaluated; `call` gives access to literal text (States.Format). */
export type IntrinsicFunction = (args: readonly Json[], call: IntrinsicCall, scope: PathScope) => Json;
