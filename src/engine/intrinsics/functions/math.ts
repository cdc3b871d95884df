import { integerArg, intrinsicFailure, numberArg } from './arguments';
import { javaRandomNextInt } from './java-random';
import type { IntrinsicFunction } from './types';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * Each operand is rounded half up before adding (Java Math.round), which is what AWS returned: 1.49 + 1.5 = 3,
 * -0.5 + 0.5 = 1. Operands must fit a Java int.
 */
export const statesMathAdd: IntrinsicFunction = (args) => {
  const a = Math.round(numberArg('States.MathAdd', args, 0));
  const b = Math.round(numberArg('States.MathAdd', args, 1));
  for (const v of [a, b]) {
    if (v < INT_MIN || v > INT_MAX) {
      throw intrinsicFailure('States.MathAdd', `${v} is outside the range ${INT_MIN} to ${INT_MAX}`);
    }
  }
  return a + b + 0;
};

/** An integer in [start, end); with a seed, drawn as java.util.Random(seed).nextInt(end - start) would. */
export const statesMathRandom: IntrinsicFunction = (args, _call, scope) => {
  const start = integerArg('States.MathRandom', args, 0);
  const end = integerArg('States.MathRandom', args, 1);
  if (end <= start)
    throw intrinsicFailure('States.MathRandom', `the end (${end}) must be greater than the start (${start})`);
  const bound = end - start;
  if (args.length > 2) return start + javaRandomNextInt(integerArg('States.MathRandom', args, 2), bound);
  const random = scope.random ?? Math.random;
  return start + Math.min(bound - 1, Math.floor(random() * bound));
};
