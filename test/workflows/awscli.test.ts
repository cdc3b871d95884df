/**
 * The real AWS CLI against the local endpoint: proof that `--endpoint-url` is all a user changes. Skipped, with
 * the reason in its title, where `aws` is not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '../../src/api/server';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const hasAws = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
const describeWithAws = hasAws ? describe : describe.skip;
/** The environment without a profile or endpoint of the developer's that would take precedence. */
const ambient = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^AWS_(PROFILE|DEFAULT_PROFILE|ENDPOINT_URL.*|SESSION_TOKEN)$/.test(name),
  ),
);

describeWithAws(
  hasAws ? 'the AWS CLI against fanout' : 'the AWS CLI against fanout (SKIPPED: `aws` is not on PATH)',
  () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer({
        port: 0,
        host: '127.0.0.1',
        dataDir: mkdtempSync(join(tmpdir(), 'fanout-awscli-')),
      });
    });
    afterAll(() => server.close());

    /** One `aws stepfunctions` call; async, because the server answering it lives in this process. */
    async function aws(...args: string[]): Promise<Record<string, unknown>> {
      const { stdout } = await run(
        'aws',
        ['stepfunctions', ...args, '--endpoint-url', server.url, '--output', 'json'],
        {
          cwd: root,
          env: {
            ...ambient,
            AWS_ACCESS_KEY_ID: 'dummy',
            AWS_SECRET_ACCESS_KEY: 'dummy',
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_PAGER: '',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          },
        },
      );
      return JSON.parse(stdout) as Record<string, unknown>;
    }

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
