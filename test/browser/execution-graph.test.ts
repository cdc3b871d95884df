/**
 * The web page in real headless Chromium (Debian `chromium` + playwright-core) against the real server: the graph's
 * per-state statuses, the error and its cause, the Map Run panel, keyboard navigation, Stop and live updates, the
 * DLQ, and the render time of a 5,000-event history. Screenshots go to test-artifacts/ui/.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { StatesError } from '../../src/engine/errors';
import type { Json, TaskRequest, TaskRunner } from '../../src/engine';
import { ARTIFACTS, describeBrowser, openPage } from '../support/browser';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { runUntilStopped } from '../support/fake-tasks';

const ROLE = 'arn:aws:iam::000000000000:role/ui-test';

/** Fails `fail:<error>:<cause>` tasks, fails `flaky` once, waits on `slow`, returns its parameters otherwise. */
function fakeTasks(): TaskRunner {
  let flaky = 0;
  return {
    async run(req: TaskRequest): Promise<Json> {
      const p = req.parameters as Record<string, Json>;
      const what = typeof p['do'] === 'string' ? p['do'] : '';
      if (what.startsWith('fail:')) {
        const [, error = 'Failed', cause = ''] = what.split(':');
        throw new StatesError(error, cause);
      }
      if (what === 'flaky' && flaky++ === 0) throw new StatesError('Transient.Glitch', 'try again');
      if (what === 'slow') await runUntilStopped(req);
      return p;
    },
  };
}

const task = (what: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { do: what, 'item.$': '$' },
  ...extra,
});

const FAILED_DEFINITION = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { items: [1, 2, 3] }, Next: 'Fan out' },
    'Fan out': {
      Type: 'Parallel',
      ResultPath: null,
      Next: 'Process pages',
      Branches: [
        {
          StartAt: 'Fetch',
          States: {
            Fetch: task('flaky', {
              Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
              End: true,
            }),
          },
        },
        {
          StartAt: 'Thumbnail',
          States: {
            Thumbnail: task('fail:Image.Corrupt:bad header', {
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Placeholder' }],
              End: true,
            }),
            Placeholder: { Type: 'Pass', End: true },
          },
        },
      ],
    },
    'Process pages': {
      Type: 'Map',
      ItemsPath: '$.items',
      Next: 'Publish',
      ItemProcessor: {
        StartAt: 'OCR page',
        States: {
          'OCR page': {
            Type: 'Choice',
            Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Read blank page' }],
            Default: 'Read page',
          },
          'Read page': task('ok', { End: true }),
          'Read blank page': task('fail:Ocr.PageUnreadable:page 2 is blank <script>alert(1)</script>', { End: true }),
        },
      },
    },
    Publish: { Type: 'Pass', End: true },
  },
};

describeBrowser('the execution page in Chromium', () => {
  let endpoint: TestEndpoint;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'ui', tasks: fakeTasks() });
    ({ browser, page } = await openPage({ width: 1500, height: 1000 }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await endpoint?.stop();
  });

  async function run(name: string, definition: unknown, input: unknown = {}): Promise<string> {
    return endpoint.startExecution(await endpoint.createStateMachine(name, definition as object, ROLE), input);
  }

  async function open(arn: string): Promise<void> {
    await page.goto(`${endpoint.url}/ui/executions/${encodeURIComponent(arn)}`);
    await page.waitForSelector('body[data-rendered]');
    expect(await page.getAttribute('body', 'data-rendered')).toBe('true');
  }

  const statusOf = (name: string): Promise<string | null> =>
    page.getAttribute(`g.state[data-state="${name}"]`, 'data-status');

  test('a failed execution with a Parallel and a Map: every state coloured by what happened to it', async () => {
    const arn = await run('ui-failed', FAILED_DEFINITION);
    await endpoint.server.service.waitForExecution(arn);
    await open(arn);

    expect(await statusOf('Prepare')).toBe('succeeded');
    expect(await statusOf('Fan out')).toBe('succeeded');
    expect(await statusOf('Fetch')).toBe('retried');
    expect(await statusOf('Thumbnail')).toBe('caught');
    expect(await statusOf('Placeholder')).toBe('succeeded');
    expect(await statusOf('Process pages')).toBe('failed');
    expect(await statusOf('Read blank page')).toBe('failed');
    expect(await statusOf('Read page')).toBe('succeeded');
    expect(await statusOf('Publish')).toBe('not-run');
    // The error name is on the page; the cause (user data, escaped) shows once the failed state is clicked.
    expect(await page.textContent('#execution-error .error-name')).toBe('Ocr.PageUnreadable');
    expect(await page.textContent('#state-details')).not.toContain('page 2 is blank');
    await page.click('g.state[data-state="Read blank page"]');
    const details = await page.textContent('#state-details');
    expect(details).toContain('Ocr.PageUnreadable');
    expect(details).toContain('page 2 is blank <script>alert(1)</script>');
    expect(await page.locator('#state-details script').count()).toBe(0);
    expect(await page.locator('#history tbody tr').count()).toBeGreaterThan(20);
    await page.screenshot({ path: join(ARTIFACTS, 'failed-execution.png'), fullPage: true });

    // Keyboard: Tab reaches the states, the arrows move between them, Enter shows one.
    await page.focus('g.state[data-state="Prepare"]');
    await page.keyboard.press('ArrowDown');
    expect(
      await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-state')"),
    ).toBe('Fan out');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#state-details h3')).toContain('Fan out');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-state')"),
    ).toBeTruthy();
  });

  test('a Distributed Map execution shows its Map Run counts, failed children and ResultWriter location', async () => {
    await endpoint.s3.send(new CreateBucketCommand({ Bucket: 'ui-results' }));
    const items = Array.from({ length: 10 }, (_, i) => ({ n: i }));
    const arn = await run(
      'ui-distributed',
      {
        StartAt: 'Each document',
        States: {
          'Each document': {
            Type: 'Map',
            ItemsPath: '$.items',
            ToleratedFailurePercentage: 50,
            ResultWriter: {
              Resource: 'arn:aws:states:::s3:putObject',
              Parameters: { Bucket: 'ui-results', Prefix: 'runs' },
            },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Is bad',
              States: {
                'Is bad': {
                  Type: 'Choice',
                  Choices: [{ Variable: '$.n', NumericLessThan: 3, Next: 'Reject' }],
                  Default: 'Accept',
                },
                Reject: task('fail:Doc.Rejected:not a PDF', { End: true }),
                Accept: { Type: 'Pass', End: true },
              },
            },
            End: true,
          },
        },
      },
      { items },
    );
    await endpoint.server.service.waitForExecution(arn);
    await open(arn);
    const panel = page.locator('.map-run');
    expect(await panel.count()).toBe(1);
    const count = (row: string, col: string): Promise<string | null> =>
      page.textContent(`.map-run [data-counts="${row}"] [data-count="${col}"]`);
    expect(await count('Items', 'total')).toBe('10');
    expect(await count('Items', 'succeeded')).toBe('7');
    expect(await count('Items', 'failed')).toBe('3');
    expect(await count('Child executions', 'failed')).toBe('3');
    expect(await page.locator('.map-run .failed-children tbody tr').count()).toBe(3);
    expect(await page.textContent('.map-run .failed-children')).toContain('Doc.Rejected');
    expect(await page.textContent('.map-run .failed-children')).toContain('not a PDF');
    expect(await page.textContent('.map-run .result-writer')).toContain('s3://ui-results/runs/');
    expect(await statusOf('Each document')).toBe('succeeded');
    await page.screenshot({ path: join(ARTIFACTS, 'distributed-map.png'), fullPage: true });

    // A failed child opens on its own page, linked back to its parent.
    await page.click('.map-run .failed-children a');
    await page.waitForSelector('body[data-rendered]');
    expect(await statusOf('Reject')).toBe('failed');
    expect(await statusOf('Accept')).toBe('not-run');
    expect(await page.textContent('main')).toContain('A child execution of the Map Run');
  });

  test('a running execution updates live and stops from the page', async () => {
    const arn = await run('ui-running', {
      StartAt: 'Warm up',
      States: {
        'Warm up': { Type: 'Pass', Next: 'Convert' },
        Convert: task('slow', { Next: 'Done' }),
        Done: { Type: 'Succeed' },
      },
    });
    await open(arn);
    await page.waitForSelector('g.state[data-state="Convert"][data-status="running"]');
    expect(await statusOf('Warm up')).toBe('succeeded');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#stop');
    await page.waitForSelector('g.state[data-state="Convert"][data-status="aborted"]', { timeout: 10_000 });
    expect(await page.textContent('.execution-header h1')).toContain('ABORTED');
    expect(await statusOf('Done')).toBe('not-run');
    expect(await page.isDisabled('#redrive')).toBe(false);
  });

  test('an execution with 5,000 history events renders in under a second', async () => {
    const items = Array.from({ length: 1250 }, (_, i) => i);
    const arn = await run(
      'ui-big',
      {
        StartAt: 'Every item',
        States: {
          'Every item': {
            Type: 'Map',
            MaxConcurrency: 50,
            ItemProcessor: { StartAt: 'Touch', States: { Touch: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      items,
    );
    await endpoint.server.service.waitForExecution(arn);
    // Once warm (the browser's caches hold the scripts), as a user reloading the page would see it.
    await open(arn);
    const started = performance.now();
    await open(arn);
    const wall = performance.now() - started;
    const inPage = await page.evaluate<number>('window.fanoutRenderedAt');
    const events = await page.locator('#history tbody tr').count();
    expect(events).toBeGreaterThanOrEqual(5000);
    expect(await statusOf('Touch')).toBe('succeeded');
    console.log(
      `5,000-event page: rendered ${inPage.toFixed(0)} ms after navigation start (${wall.toFixed(0)} ms wall)`,
    );
    expect(inPage).toBeLessThan(1000);
    await page.screenshot({ path: join(ARTIFACTS, 'large-history.png') });
  });

  test('the list page and the DLQ page with redrive', async () => {
    await page.goto(`${endpoint.url}/ui/?status=FAILED`);
    await page.waitForSelector('table.executions');
    const statuses = await page
      .locator('table.executions tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => (r as { getAttribute(n: string): string | null }).getAttribute('data-status')),
      );
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['FAILED']));
    await page.screenshot({ path: join(ARTIFACTS, 'executions.png'), fullPage: true });

    const sqs = endpoint.sqs;
    const { QueueUrl: dlq } = await sqs.send(new CreateQueueCommand({ QueueName: 'fanout-dlq' }));
    const { QueueUrl: work } = await sqs.send(new CreateQueueCommand({ QueueName: 'ui-work' }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlq,
        MessageBody: JSON.stringify({
          error: 'Ocr.PageUnreadable',
          cause: 'page 7 is <b>blank</b>',
          execution: 'arn:aws:states:us-east-1:000000000000:execution:ocr:run-1',
          state: 'OCR page',
        }),
      }),
    );
    await page.goto(`${endpoint.url}/ui/dlq`);
    await page.waitForSelector('table.dlq');
    const row = await page.textContent('table.dlq tbody');
    expect(row).toContain('Ocr.PageUnreadable');
    expect(row).toContain('page 7 is <b>blank</b>');
    expect(row).toContain('OCR page');
    await page.screenshot({ path: join(ARTIFACTS, 'dlq.png'), fullPage: true });
    await page.fill('#redrive-queue', 'ui-work');
    await page.click('#redrive-form button[type=submit]');
    await page.waitForSelector('text=Redrove 1 of 1');
    const moved = await sqs.send(new ReceiveMessageCommand({ QueueUrl: work, WaitTimeSeconds: 1 }));
    expect(moved.Messages?.[0]?.Body).toContain('Ocr.PageUnreadable');
  });
  test('the state machine page shows versions and aliases; the activities page the waiting tasks', async () => {
    const pass = (result: string): string =>
      JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });
    const created = await endpoint.sfn.send(
      new CreateStateMachineCommand({
        name: 'versioned',
        roleArn: ROLE,
        definition: pass('v1'),
        publish: true,
        versionDescription: 'first',
      }),
    );
    const v2 = await endpoint.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        definition: pass('v2'),
        publish: true,
        versionDescription: 'second',
      }),
    );
    await endpoint.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [
          { stateMachineVersionArn: created.stateMachineVersionArn, weight: 90 },
          { stateMachineVersionArn: v2.stateMachineVersionArn, weight: 10 },
        ],
      }),
    );
    await page.goto(`${endpoint.url}/ui/`);
    await page.click(`a[href="/ui/machines/${encodeURIComponent(created.stateMachineArn!)}"]`);
    await page.waitForSelector('tr[data-alias="live"]');
    expect(await page.textContent('tr[data-alias="live"]')).toContain('version 1: 90%, version 2: 10%');
    expect(await page.textContent('tr[data-version="2"]')).toMatch(/second.*live 10%/);
    expect(await page.textContent('tr[data-version="1"]')).toMatch(/first.*live 90%/);
    await page.screenshot({ path: join(ARTIFACTS, 'state-machine.png'), fullPage: true });

    const { activityArn } = await endpoint.sfn.send(new CreateActivityCommand({ name: 'ui-activity' }));
    const executionArn = await run('activity-wait', {
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: activityArn, TimeoutSeconds: 300, End: true } },
    });
    await page.goto(`${endpoint.url}/ui/activities`);
    for (let tries = 0; tries < 50 && (await page.$('tr[data-task-status="waiting"]')) === null; tries++) {
      await page.reload();
      await page.waitForSelector('h2[data-activity="ui-activity"]');
    }
    const row = await page.textContent('tr[data-task-status="waiting"]');
    expect(row).toContain('Work');
    expect(row).toContain(executionArn.split(':').pop());
    await page.screenshot({ path: join(ARTIFACTS, 'activities.png'), fullPage: true });
    await endpoint.sfn.send(new StopExecutionCommand({ executionArn }));
  });
  test("a Lambda Task's details show what the function logged", async () => {
    const lambda = await startEndpoint({
      name: 'ui-lambda',
      dataDir: 'data',
      setUp: (dir) => {
        const profile = join(dir, 'profile.json');
        writeFileSync(
          profile,
          JSON.stringify({
            functions: {
              echo: {
                runtime: 'nodejs22.x',
                handler: 'index.echo',
                code: resolve(__dirname, '../fixtures/lambda/node'),
              },
            },
          }),
        );
        return { profile };
      },
    });
    try {
      const stateMachineArn = await lambda.createStateMachine(
        'with-lambda',
        {
          StartAt: 'Echo',
          States: {
            Echo: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'echo', Payload: { page: 7 } },
              End: true,
            },
          },
        },
        ROLE,
      );
      const executionArn = await lambda.startExecution(stateMachineArn);
      await lambda.server.service.waitForExecution(executionArn);
      await page.goto(`${lambda.url}/ui/executions/${encodeURIComponent(executionArn)}`);
      await page.waitForSelector('g.state[data-state="Echo"][data-status="succeeded"]');
      await page.click('g.state[data-state="Echo"]');
      const log = await page.waitForSelector('#task-logs details[data-log*=":lambda:"]');
      const text = (await log.textContent()) ?? '';
      expect(text).toMatch(/^Lambda \S+ — .*, ended after/);
      expect(text).toMatch(/START RequestId: \S+ Version: \$LATEST/);
      expect(text).toMatch(/REPORT RequestId: \S+\tDuration: /);
      expect(text).toContain('fanout logs arn:aws:lambda:us-east-1:000000000000:function:echo:');
      await page.screenshot({ path: join(ARTIFACTS, 'lambda-logs.png'), fullPage: true });
    } finally {
      await lambda.stop();
    }
  });
});
