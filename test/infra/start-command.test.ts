/**
 * `fanout start WORKFLOW --on aws` against the local endpoint standing in for AWS: a fake `cdk deploy
 * --outputs-file` names the state machine, AWS_ENDPOINT_URL points the SDK at `fanout serve`, and the execution
 * must exist there afterwards. `--on local` deploys the file itself to the running endpoint.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { command } from '../../src/cli/commands/start';
import { findDeployedStateMachine, WORKFLOWS_OUTPUT } from '../../src/cli/commands/start/outputs';
import { WORKFLOWS_OUTPUT as INFRA_OUTPUT } from '../../infra/fanout-stack';
import { fakeContext } from '../unit/cli/fake-context';
import { ROOT } from './support';

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'fanout-test', AWS_SECRET_ACCESS_KEY: 'fanout-test' };

describe('fanout start', () => {
  let endpoint: TestEndpoint;
  let server: RunningServer;
  let client: SFNClient;
  let dir: string;
  let demoArn: string;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'start', dataDir: 'data', host: '127.0.0.1', maxAttempts: 3 });
    ({ server, dir, sfn: client } = endpoint);
    demoArn = await endpoint.createStateMachine(
      'Fanout-demo',
      readFileSync(join(ROOT, 'workflows/demo.asl.json'), 'utf8'),
      'arn:aws:iam::000000000000:role/fanout-test',
    );
    // What `cdk deploy --outputs-file cdk.outputs.json` writes for the stack.
    writeFileSync(
      join(dir, 'cdk.outputs.json'),
      JSON.stringify({ Fanout: { [INFRA_OUTPUT]: JSON.stringify({ demo: demoArn }), DlqUrl: 'https://sqs…' } }),
    );
  });

  afterAll(() => endpoint.stop());

  it('reads the output infra/ writes', () => {
    expect(WORKFLOWS_OUTPUT).toBe(INFRA_OUTPUT);
  });

  it('--on aws starts the deployed state machine named in the outputs file', async () => {
    const context = fakeContext(dir, { ...CREDENTIALS, AWS_ENDPOINT_URL: server.url });
    const input = '{"batch":"b1","documents":[]}';
    const code = await command.run(
      ['workflows/demo.asl.json', '--on', 'aws', '--input', input, '--name', 'from-cli'],
      context,
    );
    expect(code).toBe(0);
    const executionArn = context.out.join('').trim();
    expect(executionArn).toMatch(/:execution:Fanout-demo:from-cli$/);
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.stateMachineArn).toBe(demoArn);
    expect(JSON.parse(execution.input ?? '{}')).toEqual(JSON.parse(input));
  });

  it('--on aws says what is deployed when the workflow is not', async () => {
    const context = fakeContext(dir, { ...CREDENTIALS, AWS_ENDPOINT_URL: server.url });
    await expect(command.run(['bulk-ocr', '--on', 'aws'], context)).rejects.toThrow(
      "stack Fanout has no workflow 'bulk-ocr' (deployed: demo)",
    );
  });

  it('--on aws explains a missing outputs file', async () => {
    const context = fakeContext(dir, CREDENTIALS);
    await expect(command.run(['demo', '--on', 'aws', '--outputs', 'nope.json'], context)).rejects.toThrow(
      /cannot read stack outputs file '.*nope\.json'/,
    );
  });

  it('--on local creates the workflow from its file on the running endpoint and starts it', async () => {
    const context = fakeContext(ROOT, {});
    const code = await command.run(
      ['demo', '--on', 'local', '--endpoint', server.url, '--input', '@workflows/demo.input.json'],
      context,
    );
    expect(code).toBe(0);
    expect(context.out.join('').trim()).toMatch(/:execution:demo:/);
  });

  it('requires --on', async () => {
    await expect(command.run(['demo'], fakeContext(dir))).rejects.toThrow('--on must be aws or local');
  });

  it('picks the stack when the outputs file holds several', () => {
    const text = JSON.stringify({
      A: { [WORKFLOWS_OUTPUT]: '{"x":"arn:aws:states:eu-west-1:1:stateMachine:A-x"}' },
      B: { [WORKFLOWS_OUTPUT]: '{"x":"arn:aws:states:us-east-2:1:stateMachine:B-x"}' },
    });
    expect(() => findDeployedStateMachine(text, 'o.json', 'x', undefined)).toThrow(/pick one with --stack/);
    expect(findDeployedStateMachine(text, 'o.json', 'x', 'B')).toEqual({
      stack: 'B',
      arn: 'arn:aws:states:us-east-2:1:stateMachine:B-x',
      region: 'us-east-2',
    });
  });
});
