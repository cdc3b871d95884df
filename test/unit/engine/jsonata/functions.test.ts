import { evaluateJsonataValue } from '../../../../src/engine/jsonata';
import { bindingsWith, causeOf } from './helpers';

const evaluate = (expression: string, input: object = {}) =>
  evaluateJsonataValue(`{% ${expression} %}`, 'Output', bindingsWith({ input: input as never }));

describe('$partition', () => {
  it.each([
    [[0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
    [[0, 1, 2], 5, [[0, 1, 2]]],
    [[0], 1, [[0]]],
    [[], 2, []],
  ])('partitions %j into chunks of %d', async (array, size, expected) => {
    await expect(evaluate('$partition($states.input.a, $states.input.n)', { a: array, n: size })).resolves.toEqual(
      expected,
    );
  });

  it('floors a non-integer chunk size', async () => {
    await expect(evaluate('$partition([1, 2, 3], 2.9)')).resolves.toEqual([[1, 2], [3]]);
  });

  it('refuses a chunk size below 1 and a non-number', async () => {
    expect(await causeOf(evaluate('$partition([1], 0)'))).toMatch(
      /threw an error during evaluation: .*positive integer/,
    );
    expect(await causeOf(evaluate('$partition([1], "2")'))).toMatch(/\. T0410: Argument 2 of function "partition"/);
  });
});

describe('$range', () => {
  it('includes the end when a step lands on it', async () => {
    await expect(evaluate('$range(0, 9, 3)')).resolves.toEqual([0, 3, 6, 9]);
    await expect(evaluate('$range(0, 10, 3)')).resolves.toEqual([0, 3, 6, 9]);
    await expect(evaluate('$range(1, 9, 2)')).resolves.toEqual([1, 3, 5, 7, 9]);
  });

  it('returns a one-item range as its item, as AWS does', async () => {
    await expect(evaluate('$range(1, 9, 9)')).resolves.toBe(1);
  });

  it('counts down with a negative step and floors its arguments', async () => {
    await expect(evaluate('$range(5, 1, -2)')).resolves.toEqual([5, 3, 1]);
    await expect(evaluate('$range(0.5, 4.9, 2.2)')).resolves.toEqual([0, 2, 4]);
  });

  it('refuses a zero step and more than 1000 items', async () => {
    expect(await causeOf(evaluate('$range(0, 5, 0)'))).toMatch(/: The step argument of \$range must not be zero$/);
    expect(await causeOf(evaluate('$range(0, 1000, 1)'))).toMatch(/1001 items, more than the maximum of 1000/);
    await expect(evaluate('$count($range(1, 1000, 1))')).resolves.toBe(1000);
  });
});

describe('$hash', () => {
  it.each([
    ['MD5', 'a43c1b0aa53a0c908810c06ab1ff3967'],
    ['SHA-1', '140f86aae51ab9e1cda9b4254fe98a74eb54c1a1'],
    ['SHA-256', 'c96c6d5be8d08a12e7b5cdc1b207fa6b2430974c86803d8891675e76fd992c20'],
  ])('hashes with %s to lower-case hex', async (algorithm, digest) => {
    await expect(evaluate(`$hash('input', '${algorithm}')`)).resolves.toBe(digest);
  });

  it('gives 96 and 128 hex digits for SHA-384 and SHA-512', async () => {
    await expect(evaluate("$length($hash('x', 'SHA-384')) & ',' & $length($hash('x', 'SHA-512'))")).resolves.toBe(
      '96,128',
    );
  });

  it('refuses an unknown algorithm', async () => {
    expect(await causeOf(evaluate("$hash('x', 'sha256')"))).toMatch(/The hash algorithm 'sha256' is not supported/);
  });
});

describe('$random', () => {
  it("draws from the engine's port when unseeded", async () => {
    await expect(evaluate('$random()')).resolves.toBe(0.25);
  });

  it('matches java.util.Random for a seed, as AWS does, flooring it', async () => {
    await expect(evaluate('$random(42)')).resolves.toBe(0.7275636800328681);
    await expect(evaluate('$random(42.7)')).resolves.toBe(0.7275636800328681);
    await expect(evaluate('$random(0)')).resolves.toBe(0.730967787376657);
  });
});

describe('$uuid', () => {
  it("comes from the engine's port", async () => {
    await expect(evaluate('$uuid()')).resolves.toBe('11111111-2222-4333-8444-555555555555');
  });
});

describe('$parse', () => {
  it.each([
    ['-0', 0],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('parses %s', async (text, expected) => {
    const result = await evaluate('$parse($states.input.s)', { s: text });
    expect(result).toEqual(expected);
    expect(Object.is(result, -0)).toBe(false);
  });

  it('refuses text that is not JSON', async () => {
    expect(await causeOf(evaluate("$parse('{oops')"))).toMatch(/: The argument of \$parse is not valid JSON: \{oops$/);
  });
});

describe('workflow variables', () => {
  it('can shadow an added function, as any JSONata binding does', async () => {
    await expect(evaluateJsonataValue('{% $hash %}', 'Output', bindingsWith({}, { hash: 'mine' }))).resolves.toBe(
      'mine',
    );
  });
});
