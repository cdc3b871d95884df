/**
 * The real AWS CLI against the local EventBridge and S3: `aws events put-events` and `aws s3 cp` start the
 * workflow their rule targets. Skipped, with the reason in its title, where `aws` is not installed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { awsCli, hasAws } from '../support/aws-cli';

const describeWithAws = hasAws ? describe : describe.skip;
const PASS = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });

describeWithAws(
  hasAws
    ? 'the AWS CLI against the local EventBridge'
    : 'the AWS CLI against the local EventBridge (SKIPPED: `aws` is not on PATH)',
  () => {
    let endpoint: TestEndpoint;
    let server: RunningServer;
    let work: string;
    let sfn: SFNClient;

    beforeAll(async () => {
      endpoint = await startEndpoint({
        name: 'events-awscli',
        dataDir: 'data',
        maxAttempts: 3,
        tasks: { run: () => Promise.resolve({}) },
      });
      // The state machines and their executions through the SDK: the CLI is what is under test for events and S3.
      ({ server, sfn, dir: work } = endpoint);
    });
    afterAll(() => endpoint.stop());

    const aws = (...args: string[]): Promise<Record<string, unknown>> => awsCli(server.url, args, { allowEmpty: true });

    async function machine(name: string): Promise<string> {
      const created = await sfn.send(
        new CreateStateMachineCommand({ name, definition: PASS, roleArn: 'arn:aws:iam::000000000000:role/local' }),
      );
      return created.stateMachineArn!;
    }

    async function inputsOf(stateMachineArn: string): Promise<unknown[]> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
        if (executions.length > 0 || Date.now() > deadline) {
          const inputs: unknown[] = [];
          for (const e of executions) {
            const described = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
            inputs.push(JSON.parse(described.input!));
          }
          return inputs;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    it('aws events put-events starts the workflow its rule targets', async () => {
      const arn = await machine('on-order');
      await aws(
        'events',
        'put-rule',
        '--name',
        'orders',
        '--event-pattern',
        '{"source": ["shop"], "detail-type": [{"prefix": "Order"}]}',
      );
      const put = await aws(
        'events',
        'put-targets',
        '--rule',
        'orders',
        '--targets',
        JSON.stringify([{ Id: 'start', Arn: arn, InputPath: '$.detail' }]),
      );
      expect(put['FailedEntryCount']).toBe(0);
      const sent = await aws(
        'events',
        'put-events',
        '--entries',
        JSON.stringify([
          { Source: 'shop', DetailType: 'Order Placed', Detail: '{"order": "o-7"}' },
          { Source: 'other', DetailType: 'Order Placed', Detail: '{"order": "o-8"}' },
        ]),
      );
      expect(sent['FailedEntryCount']).toBe(0);
      expect(await inputsOf(arn)).toEqual([{ order: 'o-7' }]);

      const tested = await aws(
        'events',
        'test-event-pattern',
        '--event-pattern',
        '{"source": [{"anything-but": "shop"}]}',
        '--event',
        JSON.stringify({
          id: '1',
          account: '000000000000',
          source: 'shop',
          time: '2026-01-01T00:00:00Z',
          region: 'us-east-1',
          resources: [],
          'detail-type': 'x',
          detail: {},
        }),
      );
      expect(tested['Result']).toBe(false);
      const rules = await aws('events', 'list-rules');
      expect((rules['Rules'] as { Name: string }[]).map((r) => r.Name)).toEqual(['orders']);
    });

    it('aws s3 cp into a bucket with EventBridge notifications starts the workflow of the upload rule', async () => {
      const arn = await machine('on-upload');
      await aws('s3api', 'create-bucket', '--bucket', 'uploads');
      await aws(
        's3api',
        'put-bucket-notification-configuration',
        '--bucket',
        'uploads',
        '--notification-configuration',
        '{"EventBridgeConfiguration": {}}',
      );
      await aws(
        'events',
        'put-rule',
        '--name',
        'uploads',
        '--event-pattern',
        JSON.stringify({
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { bucket: { name: ['uploads'] } },
        }),
      );
      await aws(
        'events',
        'put-targets',
        '--rule',
        'uploads',
        '--targets',
        JSON.stringify([
          {
            Id: 'start',
            Arn: arn,
            InputTransformer: {
              InputPathsMap: {
                bucket: '$.detail.bucket.name',
                key: '$.detail.object.key',
                size: '$.detail.object.size',
              },
              InputTemplate: '{"bucket": "<bucket>", "key": "<key>", "size": <size>}',
            },
          },
        ]),
      );
      const file = join(work, 'scan.txt');
      writeFileSync(file, 'twelve bytes');
      await aws('s3', 'cp', file, 's3://uploads/in/scan.txt', '--quiet');
      expect(await inputsOf(arn)).toEqual([{ bucket: 'uploads', key: 'in/scan.txt', size: 12 }]);
    });
  },
);

if (!hasAws) console.warn('events-awscli: skipped: no `aws` on PATH (apt-get install awscli).');
