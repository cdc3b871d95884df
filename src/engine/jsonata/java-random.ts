/**
 * The first `nextDouble()` of `java.util.Random` for a seed. AWS's `$random(seed)` is backed by it: seed 42 gives
 * 0.7275636800328681 on AWS, so a seeded workflow draws the same numbers locally as it does there.
 */

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export function javaRandomNextDouble(seed: number): number {
  let state = (BigInt.asIntN(64, BigInt(seed)) ^ MULTIPLIER) & MASK;
  const next = (bits: bigint): bigint => {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return state >> (48n - bits);
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}
