import { resolve } from 'node:path';
import { unmappedStates } from '../../../src/integrations/local-coverage';
import { compileProfile } from '../../../src/integrations/profile';

const profile = compileProfile(
  {
    taskDefinitions: {
      ocr: { cpu: 1024, memory: 2048, containers: { ocr: { command: ['node', 'ocr.js'] } } },
    },
    jobDefinitions: { etl: { vcpus: 1, memory: 1024, command: ['node', 'etl.js'] } },
    functions: {
      prepare: { runtime: 'nodejs22.x', handler: 'index.handler', code: 'test/fixtures/lambda/node' },
      notify: {
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        code: 'test/fixtures/lambda/node',
        aliases: { live: '$LATEST', canary: '2' },
      },
    },
    capacity: { cpu: 4096, memory: 8192 },
  },
  '/project/fanout.local.json',
  resolve(__dirname, '../../..'),
);

const task = (Resource: string, Parameters?: Record<string, unknown>): Record<string, unknown> => ({
  Type: 'Task',
  Resource,
  ...(Parameters === undefined ? {} : { Parameters }),
  End: true,
});

describe('states the local runtime cannot run with a profile', () => {
  it('accepts what the profile declares, activities, and values chosen at run time', () => {
    const definition = {
      StartAt: 'Ocr',
      States: {
        Ocr: task('arn:aws:states:::ecs:runTask.sync', {
          TaskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/ocr:3',
        }),
        Etl: task('arn:aws:states:::batch:submitJob.sync', { JobDefinition: 'etl', JobName: 'n', JobQueue: 'q' }),
        Prepare: task('arn:aws:states:::lambda:invoke', {
          FunctionName: 'arn:aws:lambda:us-east-1:1:function:prepare:$LATEST',
        }),
        Legacy: task('arn:aws:lambda:us-east-1:123456789012:function:prepare'),
        // prepare declares no aliases: any alias may exist by the time it runs.
        Aliased: task('arn:aws:states:::lambda:invoke', { FunctionName: 'prepare:live' }),
        Live: task('arn:aws:lambda:us-east-1:123456789012:function:notify:live'),
        Version: task('arn:aws:states:::lambda:invoke', { FunctionName: 'notify', Qualifier: '7' }),
        Dynamic: task('arn:aws:states:::lambda:invoke', { 'FunctionName.$': '$.fn' }),
        Worker: task('arn:aws:states:us-east-1:123456789012:activity:resize'),
        Queue: task('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'q', MessageBody: 'm' }),
      },
    };
    expect(unmappedStates(definition, profile)).toEqual([]);
  });

  it('names each state, the field and what is missing, inside Parallel branches and Map processors too', () => {
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Ocr',
              States: { Ocr: task('arn:aws:states:::ecs:runTask.sync', { TaskDefinition: 'resize' }) },
            },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Notify',
            States: {
              Notify: task('arn:aws:states:::lambda:invoke', { FunctionName: 'resize' }),
              Dynamo: task('arn:aws:states:::dynamodb:putItem', { TableName: 't', Item: {} }),
            },
          },
          Next: 'Job',
        },
        Job: task('arn:aws:states:::batch:submitJob.waitForTaskToken', { JobDefinition: 'etl' }),
        Staging: task('arn:aws:states:::lambda:invoke', { FunctionName: 'notify', Qualifier: 'staging' }),
        Beta: task('arn:aws:lambda:us-east-1:123456789012:function:notify:beta'),
      },
    };
    const found = unmappedStates(definition, profile);
    expect(found.map((u) => [u.stateName, u.location])).toEqual([
      ['Ocr', '/States/Fan/Branches[0]/States/Ocr/Parameters/TaskDefinition'],
      ['Notify', '/States/Each/ItemProcessor/States/Notify/Parameters/FunctionName'],
      ['Dynamo', '/States/Each/ItemProcessor/States/Dynamo/Resource'],
      ['Job', '/States/Job/Resource'],
      ['Staging', '/States/Staging/Parameters/Qualifier'],
      ['Beta', '/States/Beta/Resource'],
    ]);
    expect(found[0]!.message).toBe(
      'the profile /project/fanout.local.json has no taskDefinitions.resize (declared: ocr)',
    );
    expect(found[1]!.message).toBe(
      'the profile /project/fanout.local.json has no functions.resize (declared: prepare, notify)',
    );
    expect(found[2]!.message).toMatch(
      /^no local integration runs 'arn:aws:states:::dynamodb:putItem' \(local: .*ecs:runTask/,
    );
    expect(found[3]!.message).toMatch(/^batch:submitJob runs locally as .*sync.*, not waitForTaskToken$/);
    expect(found[4]!.message).toBe(
      'the profile /project/fanout.local.json has no functions.notify.aliases.staging (declared: live, canary)',
    );
  });
});
