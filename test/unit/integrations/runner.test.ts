import { compileProfile, integrationKey, localTaskRunner } from '../../../src/integrations';
import type { TaskRequest } from '../../../src/engine';

function request(resource: string, pattern: TaskRequest['pattern'] = 'request-response'): TaskRequest {
  return {
    resource,
    parameters: {},
    pattern,
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e',
    stateName: 'S',
    signal: new AbortController().signal,
  };
}

describe('localTaskRunner', () => {
  const runner = localTaskRunner({
    profile: compileProfile({}, undefined, '/'),
    context: () => ({
      endpointUrl: 'http://127.0.0.1:1',
      region: 'us-east-1',
      accountId: '000000000000',
      dataDir: '/tmp',
    }),
    extraHandlers: [
      { resource: 'test:echo', patterns: ['request-response'], run: (r) => Promise.resolve(r.parameters) },
    ],
  });

  it('maps resources to integration keys', () => {
    expect(integrationKey('arn:aws:states:::ecs:runTask.sync')).toBe('ecs:runTask');
    expect(integrationKey('arn:aws:states:::batch:submitJob')).toBe('batch:submitJob');
    expect(integrationKey('arn:aws:states:::aws-sdk:s3:getObject')).toBe('aws-sdk:s3:getObject');
    expect(integrationKey('arn:aws:states:::states:startExecution.sync:2')).toBe('states:startExecution');
    expect(integrationKey('arn:aws:lambda:us-east-1:1:function:f')).toBe('lambda:function');
    expect(integrationKey('arn:aws:sqs:us-east-1:1:queue')).toBeUndefined();
  });

  it('dispatches to the handler registered for the resource', async () => {
    await expect(runner.run({ ...request('arn:aws:states:::test:echo'), parameters: { a: 1 } })).resolves.toEqual({
      a: 1,
    });
  });

  it('fails an unknown resource with States.Runtime naming it', async () => {
    await expect(runner.run(request('arn:aws:states:::dynamodb:putItem'))).rejects.toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringContaining("The resource 'arn:aws:states:::dynamodb:putItem' is not supported"),
    });
  });

  it('fails a pattern the integration does not offer with States.Runtime', async () => {
    await expect(
      runner.run(request('arn:aws:states:::batch:submitJob.waitForTaskToken', 'waitForTaskToken')),
    ).rejects.toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringContaining('does not support the waitForTaskToken integration pattern'),
    });
  });

  it('rejects an unknown task definition as ECS does', async () => {
    await expect(
      runner.run({ ...request('arn:aws:states:::ecs:runTask.sync', 'sync'), parameters: { TaskDefinition: '${Ocr}' } }),
    ).rejects.toMatchObject({
      error: 'ECS.InvalidParameterException',
      cause: expect.stringContaining('still holds a ${…} placeholder'),
    });
  });
});
