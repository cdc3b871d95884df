import { compileProfile } from '../../../../src/integrations/profile';
import { planSubmitJob, substituteRefs } from '../../../../src/integrations/batch/request';
import { shouldRetry } from '../../../../src/integrations/batch/retry-strategy';
import { thrown } from '../../../support/thrown';

const profile = compileProfile(
  {
    jobDefinitions: {
      etl: {
        vcpus: 1,
        memory: 1024,
        entryPoint: ['node', 'etl.js'],
        command: ['--source', 'Ref::source', '--mode=Ref::mode'],
        parameters: { mode: 'full' },
      },
    },
    capacity: { cpu: 4096, memory: 8192 },
  },
  undefined,
  '/project',
);

describe('SubmitJob parameters', () => {
  it('fills Ref:: from Parameters over the definition defaults, and applies overrides', () => {
    const plan = planSubmitJob(
      {
        JobName: 'etl-1',
        JobQueue: 'arn:aws:batch:us-east-1:1:job-queue/q',
        JobDefinition: 'etl:3',
        Parameters: { source: 's3://b/k' },
        ContainerOverrides: {
          Environment: [{ Name: 'A', Value: 'b' }],
          ResourceRequirements: [
            { Type: 'VCPU', Value: '2' },
            { Type: 'MEMORY', Value: '2048' },
          ],
        },
        RetryStrategy: { Attempts: 3, EvaluateOnExit: [{ OnExitCode: '2*', Action: 'exit' }] },
      },
      profile,
    );
    expect(plan.argv).toEqual(['node', 'etl.js', '--source', 's3://b/k', '--mode=full']);
    expect(plan.queue).toBe('q');
    expect(plan).toMatchObject({ vcpus: 2, memory: 2048, attempts: 3, environment: { A: 'b' } });
    expect(shouldRetry(plan.evaluateOnExit, { exitCode: 23, reason: undefined, statusReason: '' })).toBe(false);
    expect(shouldRetry(plan.evaluateOnExit, { exitCode: 1, reason: undefined, statusReason: '' })).toBe(true);
  });

  it('leaves an unknown Ref:: as written', () => {
    expect(substituteRefs('Ref::nope/Ref::a', { a: 'x' })).toBe('Ref::nope/x');
  });

  it('answers bad requests with Batch.ClientException', () => {
    expect(thrown(() => planSubmitJob({ JobName: 'j', JobQueue: 'q', JobDefinition: 'nope' }, profile))).toMatchObject({
      error: 'Batch.ClientException',
      cause: expect.stringMatching(/^Job definition nope does not exist\./),
    });
    const base = { JobName: 'j', JobQueue: 'q', JobDefinition: 'etl' };
    expect(thrown(() => planSubmitJob({ ...base, ArrayProperties: { Size: 1 } }, profile))).toMatchObject({
      cause: expect.stringContaining('ArrayProperties.Size must be between 2 and 10000'),
    });
    const reserved = { Environment: [{ Name: 'AWS_BATCH_X', Value: '' }] };
    expect(thrown(() => planSubmitJob({ ...base, ContainerOverrides: reserved }, profile))).toMatchObject({
      cause: expect.stringContaining('reserved'),
    });
  });
});
