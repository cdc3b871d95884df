/**
 * The rules page in real headless Chromium (Debian `chromium` + playwright-core) against the real server: a rule's
 * pattern and targets, an event it matched with the execution that event started (followed to its page), and a
 * scheduled rule's expression. Screenshot in test-artifacts/ui/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/api/server';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const CHROMIUM = process.env['FANOUT_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../test-artifacts/ui');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`Skipping the rules page test: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);
const describeBrowser = haveChromium ? describe : describe.skip;

describeBrowser('the rules page in Chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let machineArn: string;
  let executionArn: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/ui/web/tsconfig.json'], {
      cwd: resolve(__dirname, '../..'),
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'fanout-rules-page-'));
    server = await startServer({ port: 0, dataDir });
    const config = {
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const sfn = new SFNClient(config);
    const events = new EventBridgeClient(config);
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'on-big-order',
        roleArn: 'arn:aws:iam::000000000000:role/rules-page',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
      }),
    );
    machineArn = created.stateMachineArn!;
    const pattern = { source: ['shop.orders'], detail: { total: [{ numeric: ['>', 100] }] } };
    await events.send(new PutRuleCommand({ Name: 'big-orders', EventPattern: JSON.stringify(pattern) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'big-orders',
        Targets: [{ Id: 'start', Arn: machineArn, InputPath: '$.detail', RetryPolicy: { MaximumRetryAttempts: 3 } }],
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'nightly-tick', ScheduleExpression: 'cron(0 2 * * ? *)' }));
    await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 250 }) },
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 5 }) },
        ],
      }),
    );
    executionArn = await startedExecution();
    sfn.destroy();
    events.destroy();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => {
      throw e;
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The execution the matched event started, once the delivery is recorded. */
  async function startedExecution(): Promise<string> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const rules = (await (await fetch(`${server.url}/ui/api/rules`)).json()) as {
        name: string;
        deliveries: { outcome: string; resourceArn?: string }[];
      }[];
      const started = rules.find((r) => r.name === 'big-orders')?.deliveries.find((d) => d.outcome === 'STARTED');
      if (started?.resourceArn) return started.resourceArn;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the matched event started no execution within 20 s');
  }

  it('shows the rule’s pattern, its target and the matched event with the execution it started', async () => {
    await page.goto(`${server.url}/ui/rules`);
    await page.locator('h2[data-rule="big-orders"]').waitFor();
    const pattern = JSON.parse(await page.locator('pre[data-pattern="big-orders"]').innerText()) as unknown;
    expect(pattern).toEqual({ source: ['shop.orders'], detail: { total: [{ numeric: ['>', 100] }] } });
    const target = page.locator('tr[data-target="start"]');
    await expect(target.innerText()).resolves.toContain(machineArn);
    await expect(target.innerText()).resolves.toContain('InputPath $.detail');
    await expect(target.innerText()).resolves.toContain('3 attempts');
    // One event matched (total 250); the other (total 5) did not.
    const deliveries = page.locator('tr[data-delivery]');
    await expect(deliveries.count()).resolves.toBe(1);
    const delivery = page.locator('tr[data-delivery="STARTED"]');
    await expect(delivery.innerText()).resolves.toContain('shop.orders · Order Placed');
    const link = delivery.locator('a');
    await expect(link.innerText()).resolves.toBe(executionArn.split(':').pop());
    await expect(page.locator('p[data-schedule="nightly-tick"]').innerText()).resolves.toContain('cron(0 2 * * ? *)');
    await page.screenshot({ path: join(ARTIFACTS, 'rules.png'), fullPage: true });

    await link.click();
    await page.waitForURL(/\/ui\/executions\//);
    expect(decodeURIComponent(page.url())).toContain(executionArn);
    await page.getByText('SUCCEEDED').first().waitFor();
  });
});
