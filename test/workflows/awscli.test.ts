/**
 * The real AWS CLI against the local endpoint: proof that `--endpoint-url` is all a user changes. Skipped, with
 * the reason in its title, where `aws` is not installed.
 */
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { awsStepFunctions, hasAws } from '../support/aws-cli';

const describeWithAws = hasAws ? describe : describe.skip;

describeWithAws(
  hasAws ? 'the AWS CLI against fanout' : 'the AWS CLI against fanout (SKIPPED: `aws` is not on PATH)',
  () => {
    let endpoint: TestEndpoint;

    beforeAll(async () => {
      endpoint = await startEndpoint({ name: 'awscli', host: '127.0.0.1' });
    });
    afterAll(() => endpoint.stop());

    const aws = (...args: string[]): Promise<Record<string, unknown>> => awsStepFunctions(endpoint.url, args);

    it('creates a state machine, runs the demo and reads its history and listing', async () => {
      const created = await aws(
        'create-state-machine',
        '--name',
        'demo',
        '--definition',
        'file://workflows/demo.asl.json',
        '--role-arn',
        'arn:aws:iam::000000000000:role/local',
      );
      const stateMachineArn = created['stateMachineArn'] as string;
      expect(stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:demo');

      const started = await aws(
        'start-execution',
        '--state-machine-arn',
        stateMachineArn,
        '--name',
        'from-aws-cli',
        '--input',
        'file://workflows/demo.input.json',
      );
      const executionArn = started['executionArn'] as string;
      expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:demo:from-aws-cli');

      let described = await aws('describe-execution', '--execution-arn', executionArn);
      for (let i = 0; described['status'] === 'RUNNING' && i < 60; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        described = await aws('describe-execution', '--execution-arn', executionArn);
      }
      expect(described).toMatchObject({ executionArn, stateMachineArn, name: 'from-aws-cli', status: 'SUCCEEDED' });
      expect(JSON.parse(described['output'] as string)).toMatchObject({ batch: 'scans-2024-06-01', chunks: 5 });

      const history = await aws('get-execution-history', '--execution-arn', executionArn);
      const events = history['events'] as { id: number; type: string; stateEnteredEventDetails?: { name: string } }[];
      expect(events[0]).toMatchObject({ id: 1, type: 'ExecutionStarted' });
      expect(events[events.length - 1]?.type).toBe('ExecutionSucceeded');
      expect(events.filter((e) => e.type === 'FailStateEntered')).toHaveLength(2);
      expect(events.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean)).toContain('Report');

      const listed = await aws('list-executions', '--state-machine-arn', stateMachineArn);
      expect(listed['executions']).toEqual([
        expect.objectContaining({ executionArn, name: 'from-aws-cli', status: 'SUCCEEDED', stateMachineArn }),
      ]);
    });
  },
);
