/** The 18 intrinsic functions of JSONPath states (`States.Format`, `States.ArrayRange`, ...). */
export { evaluateIntrinsic } from './evaluate';
export { isIntrinsicCall, parseIntrinsic } from './parse';
export { INTRINSIC_NAMES } from './ast';
export type { IntrinsicArgument, IntrinsicCall, IntrinsicName } from './ast';
