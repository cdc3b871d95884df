/** java.util.Random's first nextInt(bound) for a seed, so seeded States.MathRandom is reproducible. */
const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;
/** Java detects overflow of `u - r + m` as a negative int; with exact arithmetic that is "above 2^31 - 1". */
const INT32_MAX = 2147483647;

export function javaRandomNextInt(seed: number, bound: number): number {
  let state = (BigInt(seed) ^ MULTIPLIER) & MASK;
  const next31 = (): number => {
    state = (state * MULTIPLIER + 0xbn) & MASK;
    return Number(state >> 17n);
  };
  let r = next31();
  const m = bound - 1;
  if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
  for (let u = r; u - (r = u % bound) + m > INT32_MAX; u = next31());
  return r;
}
