import type { StatesError } from '../../../src/engine/errors';
import type { Json } from '../../../src/engine/json';
import type { TaskRequest } from '../../../src/engine/ports';
import { MockedTaskRunner, parseMockConfig } from '../../../src/runtime/mock-config';

const config = parseMockConfig({
  StateMachines: {
    orders: { TestCases: { Flaky: { Charge: 'FailTwice', Fn: 'Direct' } } },
  },
  MockedResponses: {
    FailTwice: {
      '0-1': { Throw: { Error: 'Throttled', Cause: 'slow down' } },
      '2': { Return: { StatusCode: 200, Payload: { ok: true } } },
    },
    Direct: { '0': { Return: { StatusCode: 200, Payload: { from: 'payload' } } } },
  },
});

function request(stateName: string, executionArn: string, resource = 'arn:aws:states:::lambda:invoke'): TaskRequest {
  return {
    resource,
    parameters: {},
    pattern: 'request-response',
    executionArn,
    stateName,
    signal: new AbortController().signal,
  };
}

describe('mock configuration', () => {
  const real: TaskRequest[] = [];
  const runner = new MockedTaskRunner(
    config,
    {
      run: (r) => {
        real.push(r);
        return Promise.resolve({ real: true } as Json);
      },
    },
    { succeed: () => undefined, fail: () => undefined },
  );
  const arn = 'arn:aws:states:us-east-1:000000000000:execution:orders:e1';
  runner.begin(arn, 'orders', runner.testCase('orders', 'Flaky')!);

  it('answers a state by invocation number, ranges included, and repeats the last response past the end', async () => {
    const outcomes: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await runner.run(request('Charge', arn)).catch((e: StatesError) => e.error));
    }
    expect(outcomes).toEqual([
      'Throttled',
      'Throttled',
      { StatusCode: 200, Payload: { ok: true } },
      { StatusCode: 200, Payload: { ok: true } },
    ]);
  });

  it("counts a Distributed Map child's calls with its parent's, and runs unnamed states for real", async () => {
    const child = 'arn:aws:states:us-east-1:000000000000:execution:orders/items:c1';
    const fn = 'arn:aws:lambda:us-east-1:000000000000:function:direct';
    // A Task on the function's ARN gets the Payload, as a real Lambda task would.
    expect(await runner.run(request('Fn', child, fn))).toEqual({ from: 'payload' });
    // A `.sync` task carries a token too; its mocked completion is still its result.
    const sync = { ...request('Fn', arn, 'arn:aws:states:::states:startExecution.sync:2'), pattern: 'sync:2' as const };
    expect(await runner.run({ ...sync, taskToken: 't' })).toEqual({ StatusCode: 200, Payload: { from: 'payload' } });
    expect(await runner.run(request('Ship', arn))).toEqual({ real: true });
    expect(real.map((r) => r.stateName)).toEqual(['Ship']);
    runner.end(arn);
    expect(await runner.run(request('Charge', arn))).toEqual({ real: true });
  });

  it('names what is wrong in a bad file, and where', () => {
    expect(() => parseMockConfig({ StateMachines: { m: { TestCases: { c: { S: 'Nope' } } } } })).toThrow(
      'the mock configuration: StateMachines.m.TestCases.c.S names the mocked response "Nope", which MockedResponses does not define',
    );
    expect(() => parseMockConfig({ MockedResponses: { R: { first: { Return: 1 } } } })).toThrow(
      'the mock configuration: MockedResponses.R: "first" is not an invocation number or range such as "0" or "1-2"',
    );
    expect(() => parseMockConfig({ MockedResponses: { R: { '0': { Retrun: 1 } } } })).toThrow(
      'the mock configuration: MockedResponses.R.0 must have Return or Throw',
    );
    expect(() => parseMockConfig([])).toThrow('the mock configuration must be a JSON object');
  });
});
