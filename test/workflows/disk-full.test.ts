/**
 * A full disk, for real: the server's data directory is a 24 MiB tmpfs mounted by the test (root only; elsewhere the
 * suite is skipped and says so). With the SQLite WALs truncated and the file system filled, every request is answered
 * within seconds in its own protocol; afterwards no phantom object, no stuck execution, every acknowledged write
 * readable, every refused one absent — and an execution whose end could not be written ends once space returns,
 * without a restart.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

const MiB = 1024 * 1024;
const ROLE = 'arn:aws:iam::000000000000:role/disk-full';
const mountPoint = mkdtempSync(join(tmpdir(), 'fanout-disk-full-'));
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint], { encoding: 'utf8' });
const mounted = mount.status === 0;
if (!mounted) {
  rmSync(mountPoint, { recursive: true, force: true });
  const why = (mount.stderr || mount.error?.message || 'mount failed').trim();
  const message = `SKIPPED: disk-full suite: cannot mount a tmpfs here (${why}); it needs root (or CAP_SYS_ADMIN).`;
  if (process.env['FANOUT_REQUIRE_DISK_FULL_TEST'] === '1') throw new Error(message);
  console.warn(message);
}

/** The outcome of a call on the full disk: answered (ok or an AWS error with its name and status), in time. */
interface Answer {
  ok: boolean;
  name?: string;
  status?: number;
  ms: number;
}

async function attempt(call: (signal: AbortSignal) => Promise<unknown>): Promise<Answer> {
  const started = Date.now();
  try {
    await call(AbortSignal.timeout(15_000));
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return {
      ok: false,
      ...(e.name === undefined ? {} : { name: e.name }),
      ...(e.$metadata?.httpStatusCode === undefined ? {} : { status: e.$metadata.httpStatusCode }),
      ms: Date.now() - started,
    };
  }
}

(mounted ? describe : describe.skip)('a full disk under the data directory (tmpfs)', () => {
  const dataDir = join(mountPoint, 'data');
  const filler = join(mountPoint, 'filler');
  let endpoint: TestEndpoint;
  let s3: TestEndpoint['s3'];
  let sfn: TestEndpoint['sfn'];
  let sqs: TestEndpoint['sqs'];
  const log: string[] = [];

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'disk-full', dataDir, log: (line) => log.push(line) });
    ({ s3, sfn, sqs } = endpoint);
  });

  afterAll(async () => {
    await endpoint?.stop();
    spawnSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  const body = (text: string, size: number): Buffer => Buffer.alloc(size, text);
  const read = async (key: string): Promise<string | undefined> => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: key }));
      return await object.Body!.transformToString();
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  };

  it('answers every request in time, loses nothing acknowledged and finishes executions when space returns', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'kept', Body: 'old contents' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'to-delete', Body: 'delete me' }));
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'q' }))).QueueUrl!;
    const machine = (
      await sfn.send(
        new CreateStateMachineCommand({
          name: 'waits',
          roleArn: ROLE,
          definition: JSON.stringify({
            StartAt: 'Wait',
            States: { Wait: { Type: 'Wait', Seconds: 2, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
          }),
        }),
      )
    ).stateMachineArn!;
    const uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'multi' }))).UploadId!;
    // Ends 2 s from now, on the full disk.
    const before = (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'before' })))
      .executionArn!;

    // Fill: WALs truncated so that every SQLite write needs new space, then the file system to the last block.
    for (const db of [join(dataDir, 'fanout.db'), join(dataDir, 's3', 'index.db')]) {
      const handle = new Database(db);
      handle.pragma('wal_checkpoint(TRUNCATE)');
      handle.close();
    }
    const fd = openSync(filler, 'w');
    for (const size of [MiB, 64 * 1024, 4096, 512, 1]) {
      try {
        for (;;) writeSync(fd, Buffer.alloc(size));
      } catch {
        // this size no longer fits; try smaller
      }
    }
    closeSync(fd);

    const answers: Record<string, Answer> = {};
    answers['put new'] = await attempt((abortSignal) =>
      s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'new', Body: body('n', MiB) }), { abortSignal }),
    );
    answers['overwrite'] = await attempt((abortSignal) =>
      s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'kept', Body: body('o', MiB) }), { abortSignal }),
    );
    answers['delete'] = await attempt((abortSignal) =>
      s3.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'to-delete' }), { abortSignal }),
    );
    answers['multipart part'] = await attempt((abortSignal) =>
      s3.send(
        new UploadPartCommand({ Bucket: 'bkt', Key: 'multi', UploadId: uploadId, PartNumber: 1, Body: body('m', MiB) }),
        {
          abortSignal,
        },
      ),
    );
    answers['start'] = await attempt((abortSignal) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'during' }), { abortSignal }),
    );
    answers['send'] = await attempt((abortSignal) =>
      sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'during' }), { abortSignal }),
    );
    answers['describe'] = await attempt((abortSignal) =>
      sfn.send(new DescribeExecutionCommand({ executionArn: before }), { abortSignal }),
    );
    console.log(`on the full disk: ${JSON.stringify(answers)}`);

    for (const [what, answer] of Object.entries(answers)) {
      expect({ what, ms: answer.ms < 10_000 }).toEqual({ what, ms: true });
      // Refusals are AWS errors with a status, never a dropped connection.
      if (!answer.ok)
        expect({ what, status: answer.status !== undefined && answer.status >= 500 }).toEqual({ what, status: true });
    }
    // A 1 MiB body cannot fit on the full disk: refused, in S3's XML (the SDK names the code).
    expect(answers['put new']).toMatchObject({ ok: false, name: 'ServiceUnavailable', status: 503 });
    expect(answers['overwrite']).toMatchObject({ ok: false, status: 503 });
    expect(answers['multipart part']).toMatchObject({ ok: false, status: 503 });
    expect(answers['describe']?.ok).toBe(true);

    // The execution that was running ends on the full disk: its end cannot be written yet.
    await new Promise((r) => setTimeout(r, 3000));
    const stuck = await sfn.send(new DescribeExecutionCommand({ executionArn: before }));
    expect(stuck.status).toBe('RUNNING');

    rmSync(filler);
    // Space is back: no restart, the end is written within the retry interval.
    let status = stuck.status;
    for (let i = 0; i < 50 && status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await sfn.send(new DescribeExecutionCommand({ executionArn: before }))).status;
    }
    expect(status).toBe('SUCCEEDED');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: before }));
    expect(history.events?.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(log.some((line) => line.includes('recorded the end of execution'))).toBe(true);

    // Every acknowledged write readable, every refused one absent, no phantom.
    expect(await read('new')).toBe(answers['put new']?.ok ? 'n'.repeat(MiB) : undefined);
    expect(await read('kept')).toBe(answers['overwrite']?.ok ? 'o'.repeat(MiB) : 'old contents');
    expect(await read('to-delete')).toBe(answers['delete']?.ok ? undefined : 'delete me');
    const listed = ((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }))).Contents ?? []).map((c) => c.Key!);
    for (const key of listed)
      expect({ key, readable: (await read(key)) !== undefined }).toEqual({ key, readable: true });
    // No object file without a row: blob files = objects listed (+ a part stored on the full disk).
    const blobFiles = (): number =>
      readdirSync(join(dataDir, 's3', 'blobs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
        .length;
    expect(blobFiles()).toBe(listed.length + (answers['multipart part']?.ok === true ? 1 : 0));
    // The multipart upload goes on once space is back: the part again, then complete.
    const part = await s3.send(
      new UploadPartCommand({ Bucket: 'bkt', Key: 'multi', UploadId: uploadId, PartNumber: 1, Body: body('m', MiB) }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'bkt',
        Key: 'multi',
        UploadId: uploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
      }),
    );
    expect(await read('multi')).toBe('m'.repeat(MiB));
    expect(blobFiles()).toBe(listed.length + 1);
    expect(readdirSync(join(dataDir, 's3', 'tmp'))).toEqual([]);

    const executions = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions ?? [];
    expect(executions.some((e) => e.name === 'during')).toBe(answers['start']?.ok === true);
    const messages =
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];
    expect(messages.length).toBe(answers['send']?.ok ? 1 : 0);
    expect(statSync(join(dataDir, 'fanout.db')).size).toBeGreaterThan(0);
  });
});
