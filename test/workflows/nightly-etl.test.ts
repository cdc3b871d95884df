/**
 * The full 50-source night end to end: the real endpoint with the repository's profile, real Batch job processes
 * (tasks/dist/etl, built by `npm run build`), the demo night seeded into the embedded S3. Small sources keep it
 * to a minute or two on two cores.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, type Message } from '@aws-sdk/client-sqs';
import { runEtlNight, type EtlNightResult } from '../../src/cli/commands/demo/etl-night';
import { LOCAL_PROFILE, startEndpoint, type TestEndpoint } from '../support/endpoint';
import { receiveAll } from '../support/queue';

const BROKEN = ['iot_gateway_events', 'partner_feed_acme'];

jest.setTimeout(15 * 60_000);

describe('nightly-etl: the 50-source night', () => {
  let endpoint: TestEndpoint;
  let nightsQueue: string;
  let first: EtlNightResult;
  const progress: string[] = [];

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'nightly-etl', profile: LOCAL_PROFILE, maxAttempts: 3 });
    nightsQueue = await routeNightEventsToAQueue();
    first = await night();
  });

  afterAll(() => endpoint?.stop());

  function night(): Promise<EtlNightResult> {
    return runEtlNight({
      ...endpoint.workflows,
      rows: { min: 60, max: 160 },
      progress: (line) => progress.push(line),
    });
  }

  it('succeeds with every source accounted for', () => {
    const { document } = first;
    expect(document.status).toBe('SUCCEEDED');
    expect(document.sources).toHaveLength(50);
    expect(
      document.sources
        .filter((s) => s.status === 'FAILED')
        .map((s) => s.name)
        .sort(),
    ).toEqual(BROKEN);
  });

  it('adds up every healthy source to the generator’s expected counts', () => {
    const expected = new Map(first.night.sources.map((s) => [s.name, s.expected]));
    for (const source of first.document.sources.filter((s) => s.status === 'SUCCEEDED')) {
      const want = expected.get(source.name);
      expect(want).toBeTruthy();
      expect({ name: source.name, ...pick(source) }).toEqual({ name: source.name, ...want });
      expect(source.rowsRead).toBe(
        source.rowsLoaded! + source.rowsQuarantined! + source.duplicatesDropped! + source.lateRowsDropped!,
      );
      expect(source.attempts).toBe(1);
    }
  });

  it('retried the broken sources, then parked them in the DLQ with their reasons', async () => {
    for (const name of BROKEN) {
      const source = first.document.sources.find((s) => s.name === name)!;
      expect(source.attempts).toBe(3);
      expect(source.error).toBe('Etl.BadInput');
    }
    expect(first.document.dlq.messages).toBe(2);
    const bodies = (await receive()).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    const mine = bodies.filter((b) => b['execution'] === first.document.executionArn);
    expect(mine.map((b) => b['source']).sort()).toEqual(BROKEN);
    for (const body of mine) {
      expect(body).toMatchObject({ runDate: '2026-11-20', error: 'Etl.BadInput', attempts: 3, exitCode: 3 });
    }
    const reason = (name: string): string => String(mine.find((b) => b['source'] === name)?.['cause']);
    expect(reason('partner_feed_acme')).toMatch(/no file for run date 2026-11-20/);
    expect(reason('iot_gateway_events')).toMatch(/cannot read s3:\/\/.*part-0001\.parquet/);
  });

  it('loads the warehouse with exactly the loaded rows', () => {
    const loaded = first.document.sources.filter((s) => s.status === 'SUCCEEDED');
    const tables = first.document.warehouse.tables;
    expect(Object.keys(tables).sort()).toEqual(loaded.map((s) => s.name).sort());
    for (const source of loaded) expect(tables[source.name]).toBe(source.rowsLoaded);
  });

  it('wrote the report to S3 and published its summary to SNS', async () => {
    const report = JSON.parse(await text('fanout-lake', 'reports/dt=2026-11-20/report.json')) as {
      totals: { succeeded: number; missing: number; rowsLoaded: number };
    };
    expect(report.totals).toMatchObject({ succeeded: 48, missing: 2 });
    const loaded = first.document.sources.reduce((n, s) => n + (s.rowsLoaded ?? 0), 0);
    expect(report.totals.rowsLoaded).toBe(loaded);
    const messages = await snsMessages('fanout-etl-reports');
    const summary = messages
      .map((m) => JSON.parse(m) as Record<string, unknown>)
      .find((m) => m['execution'] === first.document.executionArn);
    expect(summary).toMatchObject({ runDate: '2026-11-20', status: 'SUCCEEDED', sources: 50, succeeded: 48 });
  });

  it('announces the finished night on the default bus, which a rule routes to a queue', async () => {
    const events = (await receive(nightsQueue)).map(
      (m) =>
        JSON.parse(m.Body ?? '{}') as {
          source: string;
          'detail-type': string;
          resources: string[];
          detail: Record<string, unknown>;
        },
    );
    const mine = events.filter((e) => e.detail['execution'] === first.document.executionArn);
    expect(mine).toHaveLength(1);
    const [event] = mine;
    expect(event).toMatchObject({
      source: 'fanout.etl',
      'detail-type': 'ETL Night Finished',
      resources: [first.document.executionArn],
    });
    expect(event!.detail).toMatchObject({
      runDate: '2026-11-20',
      status: 'SUCCEEDED',
      sources: 50,
      succeeded: 48,
      failed: BROKEN,
      toleratedFailedSources: 5,
      loadError: null,
      report: 's3://fanout-lake/reports/dt=2026-11-20/report.json',
    });
    const loaded = first.document.sources.reduce((n, s) => n + (s.rowsLoaded ?? 0), 0);
    expect(event!.detail['totals']).toMatchObject({ succeeded: 48, missing: 2, rowsLoaded: loaded });
  });

  it('re-runs the same night without changing the warehouse', async () => {
    const second = await night();
    expect(second.document.status).toBe('SUCCEEDED');
    expect(second.document.warehouse.tables).toEqual(first.document.warehouse.tables);
    expect(second.document.sources.map(pick)).toEqual(first.document.sources.map(pick));
    expect(second.document.dlq.messages).toBe(2);
  });

  /** What a user downstream of the ETL does: a rule on the ETL's events, targeting a queue of theirs. */
  async function routeNightEventsToAQueue(): Promise<string> {
    const { QueueUrl } = await endpoint.sqs.send(new CreateQueueCommand({ QueueName: 'etl-nights' }));
    await endpoint.events.send(
      new PutRuleCommand({
        Name: 'etl-nights',
        EventPattern: JSON.stringify({ source: ['fanout.etl'], 'detail-type': ['ETL Night Finished'] }),
      }),
    );
    await endpoint.events.send(
      new PutTargetsCommand({
        Rule: 'etl-nights',
        Targets: [{ Id: 'queue', Arn: 'arn:aws:sqs:us-east-1:000000000000:etl-nights' }],
      }),
    );
    return QueueUrl!;
  }

  function receive(url = endpoint.queueUrl('fanout-dlq')): Promise<Message[]> {
    return receiveAll(endpoint.sqs, url, { visibilityTimeout: 30 });
  }

  async function text(bucket: string, key: string): Promise<string> {
    const object = await endpoint.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return object.Body!.transformToString();
  }

  /** The local SNS keeps what was published (`fanout sns list` reads it the same way). */
  async function snsMessages(topic: string): Promise<string[]> {
    const form = new URLSearchParams({ Action: 'ListPublishedMessages', Version: '2010-03-31', Topic: topic });
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return ((await response.json()) as { Messages: { message: string }[] }).Messages.map((m) => m.message);
  }
});

function pick(s: {
  rowsRead: number | null;
  rowsLoaded: number | null;
  rowsQuarantined: number | null;
  duplicatesDropped: number | null;
  lateRowsDropped: number | null;
}) {
  return {
    rowsRead: s.rowsRead,
    rowsLoaded: s.rowsLoaded,
    rowsQuarantined: s.rowsQuarantined,
    duplicatesDropped: s.duplicatesDropped,
    lateRowsDropped: s.lateRowsDropped,
  };
}
