import type { Json } from '../../../../src/engine/json';
import type { TaskRequest } from '../../../../src/engine/ports';
import { defaultEngine } from '../../../../src/runtime/engine';
import { isWireError } from '../../../../src/protocol/wire-error';
import { LocalStepFunctions } from '../../../../src/runtime/service';
import { Store } from '../../../../src/store/store';

const ROLE = 'arn:aws:iam::123456789012:role/r';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isWireError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('TestState', () => {
  let service: LocalStepFunctions;
  const calls: TaskRequest[] = [];
  beforeEach(() => {
    calls.length = 0;
    service = new LocalStepFunctions({
      store: Store.inMemory(),
      engine: defaultEngine,
      tasks: {
        run: (request) => {
          calls.push(request);
          return Promise.resolve({ MessageId: 'real' } as Json);
        },
      },
    });
  });
  afterEach(() => service.close());

  const task = {
    Type: 'Task',
    Resource: 'arn:aws:states:::sqs:sendMessage',
    Parameters: { 'QueueUrl.$': '$.queue', MessageBody: 'hi' },
    ResultSelector: { 'id.$': '$.MessageId' },
    ResultPath: '$.sent',
    Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 }],
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
    End: true,
  };

  it('runs a mocked Task through its JSONPath steps and shows each at DEBUG, calling nothing', async () => {
    const answer = await service.testState({
      definition: JSON.stringify(task),
      input: JSON.stringify({ queue: 'q' }),
      inspectionLevel: 'DEBUG',
      mock: { result: JSON.stringify({ MessageId: 'm-1', MD5OfMessageBody: '49f68a5c8493ec2c0bf489821c21fc3b' }) },
    });
    expect(calls).toHaveLength(0);
    expect(answer).toMatchObject({ status: 'SUCCEEDED', output: '{"queue":"q","sent":{"id":"m-1"}}' });
    const inspection = answer.inspectionData!;
    expect(JSON.parse(inspection.afterParameters!)).toEqual({ QueueUrl: 'q', MessageBody: 'hi' });
    expect(JSON.parse(inspection.afterResultSelector!)).toEqual({ id: 'm-1' });
  });

  it('calls the real integration without a mock, given a role', async () => {
    const answer = await service.testState({ definition: JSON.stringify(task), input: '{"queue":"q"}', roleArn: ROLE });
    expect(calls.map((c) => c.parameters)).toEqual([{ QueueUrl: 'q', MessageBody: 'hi' }]);
    expect(answer).toMatchObject({ status: 'SUCCEEDED', output: '{"queue":"q","sent":{"id":"real"}}' });
  });

  it('answers RETRIABLE with the back-off, then CAUGHT_ERROR with the catcher once retries are spent', async () => {
    const request = (retries: number): Promise<unknown> =>
      service.testState({
        definition: JSON.stringify(task),
        input: '{"queue":"q"}',
        inspectionLevel: 'TRACE',
        mock: { errorOutput: { error: 'Throttled', cause: 'slow down' } },
        stateConfiguration: { retrierRetryCount: retries },
      });
    expect(await request(1)).toMatchObject({
      status: 'RETRIABLE',
      error: 'Throttled',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 6 } },
    });
    expect(await request(2)).toMatchObject({
      status: 'CAUGHT_ERROR',
      nextState: 'Recover',
      output: '{"queue":"q","error":{"Error":"Throttled","Cause":"slow down"}}',
      inspectionData: { errorDetails: { retryIndex: 0, catchIndex: 0 } },
    });
  });

  it('tests one state of a whole machine by name, with variables, and gives its next state', async () => {
    const machine = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $limit * 2 %}', Next: 'C' },
        C: { Type: 'Succeed' },
      },
    };
    const answer = await service.testState({
      definition: JSON.stringify(machine),
      stateName: 'B',
      variables: '{"limit": 21}',
    });
    expect(answer).toEqual({ status: 'SUCCEEDED', output: '42', nextState: 'C' });
    expect(await refusal(service.testState({ definition: JSON.stringify(machine), stateName: 'Z' }))).toBe(
      'ValidationException: State not found in definition',
    );
  });

  it('refuses what AWS refuses, in its words', async () => {
    expect(await refusal(service.testState({ definition: '{"Type":"Pass","End":true}', mock: { result: '{}' } }))).toBe(
      "ValidationException: State type 'Pass' is not supported when a mock is specified",
    );
    expect(
      await refusal(
        service.testState({ definition: JSON.stringify(task), mock: { result: '{}', errorOutput: { error: 'E' } } }),
      ),
    ).toBe('ValidationException: A test mock should have only one of the following fields: [result, errorOutput].');
    expect(await refusal(service.testState({ definition: JSON.stringify(task), mock: { result: 'nope' } }))).toBe(
      'ValidationException: Mocked result must be valid JSON',
    );
  });

  it("checks a mocked result against the API's response shape from the AWS SDK models, by fieldValidationMode", async () => {
    const lambda = JSON.stringify({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'f' },
      End: true,
    });
    const withMode = (result: string, fieldValidationMode?: string): Promise<unknown> =>
      service.testState({
        definition: lambda,
        mock: { result, ...(fieldValidationMode ? { fieldValidationMode } : {}) },
      });
    expect(await refusal(withMode('{"StatusCode": "200"}'))).toBe(
      "ValidationException: Mock result schema validation error: Field 'StatusCode' must be a number",
    );
    // The optimized integration hands the function's Payload over as JSON, not as the API's blob.
    expect(await withMode('{"StatusCode": 200, "Payload": {"ok": true}}')).toMatchObject({ status: 'SUCCEEDED' });
    expect(await withMode('{"StatusCode": "200"}', 'NONE')).toMatchObject({ status: 'SUCCEEDED' });
    const start = JSON.stringify({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: { StateMachineArn: 'arn' },
      End: true,
    });
    expect(await refusal(service.testState({ definition: start, mock: { result: '{"StartDate": "x"}' } }))).toBe(
      "ValidationException: Mock result schema validation error: Required field 'ExecutionArn' is missing",
    );
    expect(
      await service.testState({
        definition: start,
        mock: { result: '{"StartDate": "x"}', fieldValidationMode: 'PRESENT' },
      }),
    ).toMatchObject({ status: 'SUCCEEDED' });
  });
});
