/**
 * The short chaos run (bench/chaos is the long one): bulk-ocr over 40 generated documents on a server with
 * `--chaos spot-interruption=0.2`, killed with kill -9 when about half of them are done and started again (with
 * chaos) on the same data directory and port. Afterwards every document is in the results exactly once or in the
 * DLQ exactly once with its reason; no document was written twice; every interrupted batch was retried and finished.
 * The server runs from the sources in its own process; the OCR task from tasks/dist (`npm run build`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, DescribeMapRunCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import { auditBulkOcr, type OcrAudit } from '../../src/cli/commands/ocr/audit';
import { collectBulkOcr, startBulkOcr, type BulkOcrRun } from '../../src/cli/commands/ocr/bulk-ocr';
import { loadProfile } from '../../src/integrations';
import { generateMix, type MixDocument } from '../../tasks/ocr/testdata/mix';
import {
  freePort,
  kill9,
  killServerProcesses,
  startServerProcess,
  stopGracefully,
  until,
  type ServerProcess,
} from '../support/server-process';
import { LOCAL_PROFILE, ROOT } from '../support/endpoint';

const DOCUMENTS = 40;
const PER_TASK = 2;

jest.setTimeout(5 * 60_000);

describe('chaos: Spot interruptions and a kill -9 of the server during bulk-ocr', () => {
  let dir: string;
  let mix: MixDocument[];
  let run: BulkOcrRun;
  let audit: OcrAudit;
  let doneAtCrash: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-chaos-'));
    // 36 one-page born-digital PDFs, 1 scanned page, 3 bad files.
    mix = await generateMix(join(dir, 'documents'), { documents: DOCUMENTS, scanned: 1, bad: 3 });
    const port = await freePort();
    const start = (): Promise<ServerProcess> =>
      startServerProcess({
        dataDir: join(dir, 'data'),
        profile: LOCAL_PROFILE,
        logFile: join(dir, 'server.log'),
        chaos: 'spot-interruption=0.2',
        port,
        env: { ...process.env, FANOUT_TEST_RANDOM_SEED: '8' },
      });
    let server = await start();
    const started = await startBulkOcr({
      endpoint: server.url,
      client: server.client,
      root: ROOT,
      // A 6 s heartbeat (the task beats every 2 s) so an interrupted batch is noticed in seconds, not 30 s.
      substitutions: { ...loadProfile(LOCAL_PROFILE).substitutions, OcrHeartbeatSeconds: '6', OcrMaxConcurrency: '2' },
      source: { kind: 'folder', path: join(dir, 'documents') },
      documentsPerTask: PER_TASK,
    });
    const mapRunArn = await until('the Map Run', async () => {
      const runs = await server.client.send(new ListMapRunsCommand({ executionArn: started.executionArn }));
      return runs.mapRuns?.[0]?.mapRunArn;
    });
    doneAtCrash = await until(
      'half of the documents',
      async () => {
        const counts = (await server.client.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts;
        const done = (counts?.succeeded ?? 0) + (counts?.failed ?? 0);
        return done >= DOCUMENTS / 2 ? done : undefined;
      },
      120_000,
      200,
    );
    await kill9(server);
    server = await start();
    const execution = await until(
      'bulk-ocr to end',
      async () => {
        const d = await server.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      },
      150_000,
      500,
    );
    run = await collectBulkOcr(server.url, started, execution);
    audit = await auditBulkOcr(run, {
      endpoint: server.url,
      client: server.client,
      dataDir: join(dir, 'data'),
      serverLog: readFileSync(join(dir, 'server.log'), 'utf8'),
    });
    await stopGracefully(server);
  });

  afterAll(() => {
    killServerProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finished after the crash, which came part way through', () => {
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(doneAtCrash).toBeLessThan(DOCUMENTS);
    expect(run.documents).toHaveLength(DOCUMENTS);
  });

  it('loses and duplicates nothing: each document has one output or one DLQ message', () => {
    expect(audit.lost).toEqual([]);
    expect(audit.duplicates).toEqual([]);
    const ok = mix.filter((d) => d.expect === 'ok').length;
    expect(audit.succeeded).toBe(ok);
    expect(audit.outputs).toEqual({ json: ok, txt: ok });
    expect(audit.deadLettered).toBe(DOCUMENTS - ok);
  });

  it('dead-letters each bad document once, with its reason', () => {
    for (const doc of mix.filter((d) => d.expect !== 'ok')) {
      const key = `${run.sourcePrefix}${doc.file}`;
      const letters = audit.letters.get(key) ?? [];
      expect({ key, letters: letters.length, error: letters[0]?.error }).toEqual({
        key,
        letters: 1,
        error: doc.expect,
      });
      expect(String(letters[0]?.cause)).not.toBe('');
    }
  });

  it('retried and finished every batch a Spot interruption stopped', () => {
    expect(audit.interruptions).toBeGreaterThan(0);
    expect(audit.retries).toBeGreaterThan(0);
    for (const batch of audit.interrupted) {
      expect(batch.status).toBe('SUCCEEDED');
      expect({ task: batch.task, recovered: batch.retried || batch.answered }).toEqual({
        task: batch.task,
        recovered: true,
      });
    }
  });
});
