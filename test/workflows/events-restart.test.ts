/**
 * A delivery waiting to retry survives `fanout serve` being killed: the first server throttles every delivery
 * (`--chaos event-target-throttling=1`), so the matched event waits for its retry; the server is killed -9 and
 * started again on the same data directory without chaos, and the event arrives in the target queue, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { receiveAll } from '../support/queue';
import { kill9, killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:orders-received';

jest.setTimeout(120_000);

interface Delivery {
  eventId: string;
  outcome: string;
  attempts: number;
  error?: string;
}

describe('EventBridge deliveries across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanout-events-restart-'));
  afterAll(() => {
    killServerProcesses();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a delivery waiting to retry is delivered by the restarted server', async () => {
    const first = await startServerProcess({ dataDir, chaos: 'event-target-throttling=1' });
    const config = { endpoint: first.url, region: 'us-east-1', credentials: CREDENTIALS };
    const events = new EventBridgeClient(config);
    const sqs = new SQSClient(config);
    await sqs.send(new CreateQueueCommand({ QueueName: 'orders-received' }));
    await events.send(
      new PutRuleCommand({ Name: 'orders', EventPattern: JSON.stringify({ source: ['shop.orders'] }) }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'orders',
        Targets: [
          { Id: 'queue', Arn: QUEUE_ARN, RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 3600 } },
        ],
      }),
    );
    const put = await events.send(
      new PutEventsCommand({
        Entries: [{ Source: 'shop.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ order: 42 }) }],
      }),
    );
    const eventId = put.Entries![0]!.EventId!;
    const waiting = await until(first, (d) => d.eventId === eventId && d.outcome === 'RETRYING' && d.attempts >= 1);
    expect(waiting.error).toMatch(/^ThrottlingException: /);
    events.destroy();
    sqs.destroy();
    await kill9(first);

    const second = await startServerProcess({ dataDir });
    const sqsAgain = new SQSClient({ ...config, endpoint: second.url });
    const delivered = await until(second, (d) => d.eventId === eventId && d.outcome === 'DELIVERED');
    expect(delivered.attempts).toBeGreaterThan(waiting.attempts);
    const messages = await receiveAll(sqsAgain, `${second.url}/000000000000/orders-received`, { waitTimeSeconds: 1 });
    expect(messages.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>)).toEqual([
      expect.objectContaining({ id: eventId, source: 'shop.orders', detail: { order: 42 } }),
    ]);
    sqsAgain.destroy();
    await kill9(second);
  });
});

/** Polls the rules page's data until a delivery of rule `orders` satisfies `want`. */
async function until(server: ServerProcess, want: (d: Delivery) => boolean): Promise<Delivery> {
  const deadline = Date.now() + 30_000;
  let last: Delivery[] = [];
  while (Date.now() < deadline) {
    const rules = (await (await fetch(`${server.url}/ui/api/rules`)).json()) as {
      name: string;
      deliveries: Delivery[];
    }[];
    last = rules.find((r) => r.name === 'orders')?.deliveries ?? [];
    const found = last.find(want);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no such delivery within 30 s; deliveries: ${JSON.stringify(last)}`);
}
