import { createHandler } from '../../../src/api/handler';
import type { ApiRequest, ApiResponse } from '../../../src/protocol/http';
import { stepFunctionsRoute } from '../../../src/api/step-functions';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { PASS, fakeEngine } from '../runtime/fake-engine';

const ROLE = 'arn:aws:iam::123456789012:role/r';

describe('Step Functions JSON protocol', () => {
  let service: LocalStepFunctions;
  let handle: (request: ApiRequest) => Promise<ApiResponse>;
  const logged: string[] = [];
  beforeEach(() => {
    service = new LocalStepFunctions({ store: Store.inMemory(), engine: fakeEngine });
    handle = createHandler([stepFunctionsRoute(service, (line) => logged.push(line))]);
  });
  afterEach(() => service.close());

  function call(operation: string | undefined, body: unknown, method = 'POST'): Promise<ApiResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
    if (operation !== undefined) headers['x-amz-target'] = `AWSStepFunctions.${operation}`;
    return handle({
      method,
      url: '/',
      headers,
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    });
  }

  const json = (response: ApiResponse): Record<string, unknown> => JSON.parse(response.body) as Record<string, unknown>;

  it('answers an operation with its JSON output and timestamps in epoch seconds', async () => {
    const before = Date.now() / 1000;
    const response = await call('CreateStateMachine', { name: 'm', definition: PASS, roleArn: ROLE });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
    const body = json(response);
    expect(body['stateMachineArn']).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:m');
    expect(typeof body['creationDate']).toBe('number');
    expect(body['creationDate']).toBeGreaterThanOrEqual(Math.floor(before) - 1);
    expect(body['creationDate']).toBeLessThan(before + 60);
  });

  it('returns the exact output text and no error fields for a successful execution', async () => {
    const { stateMachineArn } = json(await call('CreateStateMachine', { name: 'm', definition: PASS, roleArn: ROLE }));
    const { executionArn } = json(await call('StartExecution', { stateMachineArn, input: '{"a":  1.0}' }));
    await service.waitForExecution(executionArn as string);
    const described = json(await call('DescribeExecution', { executionArn }));
    expect(described['output']).toBe('{"a":  1.0}');
    expect(described).not.toHaveProperty('error');
    expect(described).not.toHaveProperty('cause');
    expect(await call('DeleteStateMachine', { stateMachineArn })).toMatchObject({ status: 200, body: '{}' });
  });

  it('sends service errors as HTTP 400 with the full shape id in __type', async () => {
    const response = await call('DescribeStateMachine', { stateMachineArn: 'not-an-arn' });
    expect(response.status).toBe(400);
    expect(json(response)).toEqual({
      __type: 'com.amazonaws.sfn#InvalidArn',
      message: "Invalid Arn: 'Invalid ARN prefix: not-an-arn'",
    });
  });

  it('rejects malformed bodies with SerializationException', async () => {
    for (const body of ['{not json', '[1]', '"text"']) {
      const response = await call('ListStateMachines', body);
      expect(response.status).toBe(400);
      expect(json(response)['__type']).toBe('com.amazonaws.sfn#SerializationException');
    }
  });

  it('treats an empty body as an empty request', async () => {
    const response = await call('ListStateMachines', '');
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ stateMachines: [] });
  });

  it('names unknown operations', async () => {
    const unknown = await call('FlyToTheMoon', {});
    expect(unknown.status).toBe(400);
    expect(json(unknown)).toEqual({
      __type: 'com.amazonaws.sfn#UnknownOperationException',
      message: 'Unknown operation FlyToTheMoon',
    });
    const inherited = await call('toString', {});
    expect(json(inherited)['__type']).toBe('com.amazonaws.sfn#UnknownOperationException');
    const noTarget = await call(undefined, {});
    expect(json(noTarget)['__type']).toBe('com.amazonaws.sfn#UnknownOperationException');
  });

  it('answers requests for no protocol with 404', async () => {
    const response = await handle({ method: 'GET', url: '/nothing', headers: {}, body: Buffer.alloc(0) });
    expect(response.status).toBe(404);
  });

  it('never answers bad field types with a 500', async () => {
    const cases: Array<[string, unknown]> = [
      ['CreateStateMachine', { name: 5, definition: PASS, roleArn: ROLE }],
      ['CreateStateMachine', { name: 'm', definition: { StartAt: 'x' }, roleArn: ROLE }],
      ['ListStateMachines', { maxResults: 'ten' }],
      ['ListStateMachines', { maxResults: -1 }],
      ['GetExecutionHistory', { executionArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m' }],
      [
        'GetExecutionHistory',
        { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e', reverseOrder: 'yes' },
      ],
      ['SendTaskSuccess', { taskToken: 'abc' }],
      ['StopExecution', {}],
    ];
    for (const [operation, body] of cases) {
      const response = await call(operation, body);
      expect({ operation, status: response.status }).toEqual({ operation, status: 400 });
    }
    expect(logged).toEqual([]);
  });

  it('turns an unexpected failure into a 500 without internals and logs it', async () => {
    const broken = createHandler([
      stepFunctionsRoute(
        new Proxy(service, {
          get: (target, key) =>
            key === 'listStateMachines'
              ? () => {
                  throw new TypeError('boom');
                }
              : (Reflect.get(target, key) as unknown),
        }),
        (line) => logged.push(line),
      ),
    ]);
    const response = await broken({
      method: 'POST',
      url: '/',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      body: Buffer.from('{}'),
    });
    expect(response.status).toBe(500);
    expect(response.body).not.toContain('boom');
    expect(logged.some((l) => l.includes('boom'))).toBe(true);
    logged.length = 0;
  });
});
