import { evaluateJsonataTyped, evaluateJsonataValue } from '../../../../src/engine/jsonata';
import { bindingsWith, causeOf } from './helpers';

describe('evaluateJsonataValue', () => {
  it('binds $states.input, $states.context and the workflow variables', async () => {
    const bindings = bindingsWith({ input: { n: [1, 2, 3] }, context: { State: { Name: 'Sum' } } }, { bonus: 10 });
    await expect(
      evaluateJsonataValue('{% $sum($states.input.n) + $bonus & $states.context.State.Name %}', 'Output', bindings),
    ).resolves.toBe('16Sum');
  });

  it('binds $states.result and $states.errorOutput only when given', async () => {
    const bindings = bindingsWith({ result: { ok: 1 }, errorOutput: { Error: 'E' } });
    await expect(
      evaluateJsonataValue('{% [$states.result.ok, $states.errorOutput.Error] %}', 'Output', bindings),
    ).resolves.toEqual([1, 'E']);
    expect(await causeOf(evaluateJsonataValue('{% $states.result %}', 'Output', bindingsWith()))).toBe(
      "The JSONata expression '$states.result' specified for the field 'Output' returned nothing (undefined).",
    );
  });

  it('binds no input document: $ and bare field names find nothing', async () => {
    const bindings = bindingsWith({ input: { a: 1 } });
    expect(await causeOf(evaluateJsonataValue('{% a %}', 'Output', bindings))).toMatch(/returned nothing/);
    expect(await causeOf(evaluateJsonataValue('{% $ %}', 'Output', bindings))).toMatch(/returned nothing/);
  });

  it('walks objects and arrays, evaluating only whole "{% %}" strings', async () => {
    const template = {
      literal: ' {% $states.input %} ',
      path: '$.a',
      list: [null, 0.1, true, '{% $states.input.a %}', { deep: '{% $states.input.a * 2 %}' }],
    };
    await expect(evaluateJsonataValue(template, 'Output', bindingsWith({ input: { a: 2 } }))).resolves.toEqual({
      literal: ' {% $states.input %} ',
      path: '$.a',
      list: [null, 0.1, true, 2, { deep: 4 }],
    });
  });

  it('returns non-template values as they are', async () => {
    for (const value of [null, 0, 'text', false, [], {}]) {
      await expect(evaluateJsonataValue(value, 'Output', bindingsWith())).resolves.toEqual(value);
    }
  });

  it('names the nested field that returned nothing', async () => {
    const bindings = bindingsWith();
    expect(await causeOf(evaluateJsonataValue({ result: '{% $doesNotExist %}' }, 'Output', bindings))).toBe(
      "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    );
    expect(await causeOf(evaluateJsonataValue({ a: [1, { b: '{% $nope %}' }] }, 'Arguments', bindings))).toBe(
      "The JSONata expression '$nope' specified for the field 'Arguments/a[1]/b' returned nothing (undefined).",
    );
  });

  it('refuses a function result as an unsupported result type', async () => {
    expect(await causeOf(evaluateJsonataValue('{% function($x){$x} %}', 'Output', bindingsWith()))).toBe(
      "The JSONata expression 'function($x){$x}' specified for the field 'Output' returned an unsupported result type.",
    );
    expect(await causeOf(evaluateJsonataValue('{% {"f": $uppercase} %}', 'Output', bindingsWith()))).toMatch(
      /returned an unsupported result type\.$/,
    );
  });

  it("reports JSONata's own errors with their code", async () => {
    expect(await causeOf(evaluateJsonataValue({ x: '{% 1 + "a" %}' }, 'Output', bindingsWith()))).toBe(
      "The JSONata expression '1 + \"a\"' specified for the field 'Output/x' threw an error during evaluation. " +
        'T2002: The right side of the "+" operator must evaluate to a number',
    );
  });

  it('does not offer $eval', async () => {
    expect(await causeOf(evaluateJsonataValue('{% $eval("1+1") %}', 'Output', bindingsWith()))).toMatch(
      /threw an error during evaluation\. T1006: /,
    );
  });

  it('returns plain JSON: no sequence markers, no -0, nothing shared with the bindings', async () => {
    const input = { items: [{ v: 1 }, { v: 2 }], obj: { k: [1] } };
    const result = await evaluateJsonataValue('{% $states.input.items.v %}', 'Output', bindingsWith({ input }));
    expect(result).toEqual([1, 2]);
    expect(Object.keys(result as object)).toEqual(['0', '1']);
    expect(Object.getOwnPropertyNames(result)).not.toContain('sequence');
    expect(Object.is(await evaluateJsonataValue('{% -0 %}', 'Output', bindingsWith()), 0)).toBe(true);
    const copy = (await evaluateJsonataValue('{% $states.input.obj %}', 'Output', bindingsWith({ input }))) as {
      k: number[];
    };
    copy.k.push(2);
    expect(input.obj.k).toEqual([1]);
  });

  it('keeps a one-item path result as its item, as JSONata does', async () => {
    await expect(
      evaluateJsonataValue('{% $states.input.items.v %}', 'Output', bindingsWith({ input: { items: [{ v: 7 }] } })),
    ).resolves.toBe(7);
  });
});

describe('evaluateJsonataTyped', () => {
  it('returns a result of the expected type', async () => {
    const bindings = bindingsWith({ input: { n: 3, list: [1] } });
    await expect(evaluateJsonataTyped('{% $states.input.list %}', 'Items', 'array', bindings)).resolves.toEqual([1]);
    await expect(evaluateJsonataTyped('{% $states.input.n %}', 'MaxConcurrency', 'integer', bindings)).resolves.toBe(3);
    await expect(evaluateJsonataTyped('{% $x := 1 %}', 'ToleratedFailureCount', 'integer', bindings)).resolves.toBe(1);
    await expect(evaluateJsonataTyped('{% 2.5 %}', 'ToleratedFailurePercentage', 'number', bindings)).resolves.toBe(
      2.5,
    );
    await expect(evaluateJsonataTyped('{% $states.input.n > 2 %}', 'Condition', 'boolean', bindings)).resolves.toBe(
      true,
    );
    await expect(evaluateJsonataTyped("{% 'E' %}", 'Error', 'string', bindings)).resolves.toBe('E');
  });

  it.each([
    ['true', 'true', "'boolean' for value: true"],
    ['null', 'null', "'null' for value: null"],
    ['1', '1', "'number' for value: 1"],
    ["'string'", "'string'", `'string' for value: "string"`],
    ["{'foo': 'bar'}", "{'foo': 'bar'}", `'object' for value: {"foo":"bar"}`],
  ])("rejects %s for Items with AWS's message", async (expression, quoted, tail) => {
    expect(await causeOf(evaluateJsonataTyped(`{% ${expression} %}`, 'Items', 'array', bindingsWith()))).toBe(
      `The JSONata expression '${quoted}' specified for the field 'Items' returned an unexpected result type. ` +
        `Expected 'array', but was ${tail}`,
    );
  });

  it('rejects a non-integer number where an integer is expected', async () => {
    expect(await causeOf(evaluateJsonataTyped('{% 1.5 %}', 'Seconds', 'integer', bindingsWith()))).toBe(
      "The JSONata expression '1.5' specified for the field 'Seconds' returned an unexpected result type. " +
        "Expected 'integer', but was 'number' for value: 1.5",
    );
  });

  it('reports a function as unsupported before checking the type', async () => {
    expect(await causeOf(evaluateJsonataTyped('{% $fn := function($x){$x} %}', 'Items', 'array', bindingsWith()))).toBe(
      "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
    );
  });

  it('walks a literal array holding expressions without checking it again', async () => {
    await expect(evaluateJsonataTyped([1, '{% $number("2") %}', 3], 'Items', 'array', bindingsWith())).resolves.toEqual(
      [1, 2, 3],
    );
    await expect(evaluateJsonataTyped(true, 'Condition', 'boolean', bindingsWith())).resolves.toBe(true);
  });
});
