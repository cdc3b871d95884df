import { isWireError } from '../../../src/protocol/wire-error';
import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { ROLE, SM } from './service-fixture';

describe('StartSyncExecution', () => {
  let service: LocalStepFunctions;
  beforeEach(() => {
    service = new LocalStepFunctions({ store: Store.inMemory(), engine: defaultEngine });
  });
  afterEach(() => service.close());

  it('runs an EXPRESS execution to its end and answers with its output and billing', async () => {
    const definition = JSON.stringify({
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true } },
    });
    service.createStateMachine({ name: 'e', definition, roleArn: ROLE, type: 'EXPRESS' });
    const result = await service.startSyncExecution({ stateMachineArn: `${SM}e`, input: '{"a":1,"b":2}', name: 'n1' });
    expect(result).toMatchObject({
      executionArn: expect.stringMatching(/^arn:aws:states:us-east-1:000000000000:express:e:n1:[0-9a-f-]{36}$/),
      stateMachineArn: `${SM}e`,
      name: 'n1',
      status: 'SUCCEEDED',
      input: '{"a":1,"b":2}',
      output: '{"sum":3}',
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: expect.any(Number) },
    });
    expect(result.billingDetails!.billedDurationInMilliseconds! % 100).toBe(0);
  });

  it('answers a failed run with its error and cause', async () => {
    const definition = JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'c' } } });
    service.createStateMachine({ name: 'e', definition, roleArn: ROLE, type: 'EXPRESS' });
    expect(await service.startSyncExecution({ stateMachineArn: `${SM}e` })).toMatchObject({
      status: 'FAILED',
      error: 'E',
      cause: 'c',
    });
  });

  it('refuses a STANDARD machine', async () => {
    service.createStateMachine({
      name: 's',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      roleArn: ROLE,
    });
    const error = await service.startSyncExecution({ stateMachineArn: `${SM}s` }).catch((e: unknown) => e);
    expect(isWireError(error) && `${error.code}: ${error.message}`).toBe(
      'StateMachineTypeNotSupported: This operation is not supported by this type of state machine',
    );
  });
});
