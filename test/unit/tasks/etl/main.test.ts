/**
 * The ETL program against the local endpoint's embedded S3, reached as a container reaches AWS
 * (AWS_ENDPOINT_URL): a small seeded demo night, one extract-transform per source, load twice, report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { generateNight, type GeneratedNight } from '../../../../tasks/etl/demo/generate-night';
import { s3Sink } from '../../../../tasks/etl/demo/sinks';
import { runEtl, type EtlOutcome } from '../../../../tasks/etl/main';
import { S3ObjectStore } from '../../../../tasks/etl/object-store';
import { parseSourcesFile } from '../../../../tasks/etl/sources';
import { startEndpoint, type TestEndpoint } from '../../../support/endpoint';

const SOURCES = join(__dirname, '../../../../workflows/etl-sources.json');
const RUN_DATE = '2026-11-20';
const ONLY = ['orders', 'crm_contacts', 'payments', 'payouts', 'partner_feed_acme', 'iot_gateway_events'];

describe('etl against the embedded S3', () => {
  let endpoint: TestEndpoint;
  let store: S3ObjectStore;
  let env: Record<string, string>;
  let night: GeneratedNight;
  const config = parseSourcesFile(readFileSync(SOURCES, 'utf8'), SOURCES);

  const etl = async (...argv: string[]): Promise<EtlOutcome & { lines: string[] }> => {
    const lines: string[] = [];
    const outcome = await runEtl([...argv, '--sources', SOURCES], { env, store, write: (l) => void lines.push(l) });
    return { ...outcome, lines };
  };

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'etl-night' });
    env = { ...endpoint.taskEnv, ETL_THREADS: '1' };
    store = S3ObjectStore.fromEnv(env);
    night = await generateNight({
      config,
      runDate: RUN_DATE,
      sink: s3Sink(store.client),
      only: ONLY,
      rows: { min: 60, max: 120 },
    });
  });
  afterAll(async () => {
    store.destroy();
    await endpoint?.stop();
  });

  it('loads every healthy source with the counts the generator planted, and the invariant holds', async () => {
    for (const generated of night.sources.filter((s) => s.expected !== null)) {
      const out = await etl('extract-transform', '--source', generated.name, '--run-date', RUN_DATE);
      expect(out.exitCode).toBe(0);
      expect(out.result).toMatchObject({ source: generated.name, status: 'SUCCEEDED', ...generated.expected });
      // The result is the last line of stdout, and the same object is in S3.
      expect(JSON.parse(out.lines[out.lines.length - 1]!)).toEqual(out.result);
      const metrics = await store.getText('fanout-lake', `metrics/dt=${RUN_DATE}/${generated.name}.json`);
      expect(JSON.parse(metrics!)).toEqual(out.result);
    }
    const lake = await store.list('fanout-lake', `lake/crm_contacts/dt=${RUN_DATE}/`);
    expect(lake.map((o) => o.key)).toEqual([`lake/crm_contacts/dt=${RUN_DATE}/part-0.parquet`]);
    expect(night.sources.find((s) => s.name === 'crm_contacts')!.files).toHaveLength(2);
  });

  it('fails a source whose file is missing, and one whose file is corrupt, with BadInput naming source and file', async () => {
    const missing = await etl('extract-transform', '--source', 'partner_feed_acme', '--run-date', RUN_DATE);
    expect(missing.exitCode).toBe(3);
    expect(missing.result).toMatchObject({
      status: 'FAILED',
      error: 'Etl.BadInput',
      cause: `source partner_feed_acme: no file for run date ${RUN_DATE}: nothing matches s3://fanout-raw/partner_feed_acme/dt=${RUN_DATE}/*.csv`,
    });
    const corrupt = await etl('extract-transform', '--source', 'iot_gateway_events', '--run-date', RUN_DATE);
    expect(corrupt.exitCode).toBe(3);
    expect((corrupt.result as { cause: string }).cause).toMatch(
      new RegExp(
        `^source iot_gateway_events: cannot read s3://fanout-raw/iot_gateway_events/dt=${RUN_DATE}/part-0001\\.parquet: `,
      ),
    );
    expect(await store.getText('fanout-lake', `metrics/dt=${RUN_DATE}/iot_gateway_events.json`)).toBeUndefined();
  });

  it('re-running a night rewrites the same outputs (the watermark is the previous night’s, not its own)', async () => {
    const before = await store.getText('fanout-lake', `metrics/dt=${RUN_DATE}/orders.json`);
    const again = await etl('extract-transform', '--source', 'orders', '--run-date', RUN_DATE);
    const strip = (m: object): object => ({
      ...m,
      seconds: 0,
      extractSeconds: 0,
      transformSeconds: 0,
      publishSeconds: 0,
    });
    expect(strip(again.result as object)).toEqual(strip(JSON.parse(before!) as object));
  });

  it('loads the warehouse idempotently: the same night twice gives the same tables', async () => {
    const first = await etl('load', '--run-date', RUN_DATE);
    expect(first.exitCode).toBe(0);
    const result = first.result as {
      loaded: Record<string, number>;
      skipped: string[];
      tables: Record<string, number>;
    };
    const expected = Object.fromEntries(
      night.sources.filter((s) => s.expected).map((s) => [s.name, s.expected!.rowsLoaded]),
    );
    for (const [name, rows] of Object.entries(expected)) expect(result.loaded[name]).toBe(rows);
    expect(result.skipped).toEqual(expect.arrayContaining(['partner_feed_acme', 'iot_gateway_events']));
    const second = await etl('load', '--run-date', RUN_DATE);
    expect((second.result as typeof result).tables).toEqual(result.tables);
    for (const [name, rows] of Object.entries(expected)) expect(result.tables[name]).toBe(rows);
  });

  it('reports the night from the metrics', async () => {
    const out = await etl('report', '--run-date', RUN_DATE);
    const report = out.result as { totals: Record<string, number>; sources: { name: string; status: string }[] };
    const healthy = night.sources.filter((s) => s.expected);
    expect(
      report.sources
        .filter((s) => ONLY.includes(s.name) && s.status === 'MISSING')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['iot_gateway_events', 'partner_feed_acme']);
    expect(report.totals['rowsLoaded']).toBe(healthy.reduce((n, s) => n + s.expected!.rowsLoaded, 0));
    expect(await store.getText('fanout-lake', `reports/dt=${RUN_DATE}/report.json`)).toBeDefined();
  });

  it('exits 3 from the compiled program on bad arguments, with the failure on the last stdout line', async () => {
    const main = join(__dirname, '../../../../tasks/dist/etl/main.js');
    const run = promisify(execFile);
    const failed = await run(
      process.execPath,
      [main, 'extract-transform', '--run-date', '2026-02-30', '--source', 'orders'],
      {
        env: { ...env, PATH: process.env['PATH'] ?? '' },
      },
    ).catch((e: { code: number; stdout: string }) => e);
    expect('code' in failed ? failed.code : 0).toBe(3);
    const last = failed.stdout.trim().split('\n').pop()!;
    expect(JSON.parse(last)).toMatchObject({
      status: 'FAILED',
      error: 'Etl.BadInput',
      cause: expect.stringMatching(/2026-02-30/),
    });
  });
});
