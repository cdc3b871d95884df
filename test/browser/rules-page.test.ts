/**
 * The rules page in real headless Chromium (Debian `chromium` + playwright-core) against the real server: a rule's
 * pattern and targets, an event it matched with the execution that event started (followed to its page), and a
 * scheduled rule's expression. Screenshot in test-artifacts/ui/.
 */
import { join } from 'node:path';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeBrowser, openPage } from '../support/browser';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { until } from '../support/until';

describeBrowser('the rules page in Chromium', () => {
  let endpoint: TestEndpoint;
  let browser: Browser;
  let page: Page;
  let machineArn: string;
  let executionArn: string;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'rules-page' });
    const events = endpoint.events;
    machineArn = await endpoint.createStateMachine(
      'on-big-order',
      { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
      'arn:aws:iam::000000000000:role/rules-page',
    );
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
    ({ browser, page } = await openPage({ width: 1400, height: 900 }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await endpoint?.stop();
  });

  /** The execution the matched event started, once the delivery is recorded. */
  function startedExecution(): Promise<string> {
    return until(
      'the execution the matched event started',
      async () => {
        const rules = (await (await fetch(`${endpoint.url}/ui/api/rules`)).json()) as {
          name: string;
          deliveries: { outcome: string; resourceArn?: string }[];
        }[];
        return rules.find((r) => r.name === 'big-orders')?.deliveries.find((d) => d.outcome === 'STARTED')?.resourceArn;
      },
      20_000,
    );
  }

  it('shows the rule’s pattern, its target and the matched event with the execution it started', async () => {
    await page.goto(`${endpoint.url}/ui/rules`);
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
