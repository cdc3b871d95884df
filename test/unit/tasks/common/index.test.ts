import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXIT_INTERRUPTED,
  Shutdown,
  TaskFailure,
  TaskTokenReporter,
  awsClientConfig,
  createLogger,
  readTaskInput,
  runTask,
  taskLogFields,
  type SfnSender,
} from '../../../../tasks/common/src';
import type { TaskS3 } from '../../../../tasks/common/src/s3';

/** Records the SFN commands sent: name and input. */
function recordingSfn(): SfnSender & { calls: { command: string; input: Record<string, unknown> }[] } {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  return {
    calls,
    send(command) {
      calls.push({ command: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
      return Promise.resolve({});
    },
  };
}

class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

const fakeS3 = (objects: Record<string, string>): TaskS3 =>
  ({
    getText: ({ bucket, key }: { bucket: string; key: string }) => {
      const text = objects[`${bucket}/${key}`];
      return text === undefined ? Promise.reject(new Error('NoSuchKey')) : Promise.resolve(text);
    },
  }) as unknown as TaskS3;

describe('awsClientConfig', () => {
  it('reads region and endpoint from the standard variables; S3 goes path-style on an endpoint', () => {
    expect(awsClientConfig({})).toEqual({ region: 'us-east-1' });
    expect(awsClientConfig({ AWS_DEFAULT_REGION: 'eu-west-1' })).toEqual({ region: 'eu-west-1' });
    expect(awsClientConfig({ AWS_REGION: 'eu-west-2', AWS_ENDPOINT_URL: 'http://127.0.0.1:8083' }, 'S3')).toEqual({
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:8083',
      forcePathStyle: true,
    });
    expect(awsClientConfig({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_SFN: 'http://b' }, 'SFN')).toEqual({
      region: 'us-east-1',
      endpoint: 'http://b',
    });
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and the task ids', () => {
    const lines: string[] = [];
    const log = createLogger({
      write: (l) => lines.push(l),
      now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
      fields: taskLogFields({ FANOUT_EXECUTION_ARN: 'arn:x', FANOUT_STATE_NAME: 'Ocr', FANOUT_TASK_ID: 't1' }),
    });
    log.info('page done', { page: 3 });
    log.debug('dropped');
    log.child({ document: 'a.tif' }).error('failed', { error: new RangeError('bad page') });
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'info',
        msg: 'page done',
        executionArn: 'arn:x',
        stateName: 'Ocr',
        taskId: 't1',
        page: 3,
      },
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'error',
        msg: 'failed',
        executionArn: 'arn:x',
        stateName: 'Ocr',
        taskId: 't1',
        document: 'a.tif',
        error: { name: 'RangeError', message: 'bad page' },
      },
    ]);
  });
});

describe('readTaskInput', () => {
  it('reads S3 first, then --input-file, --input, FANOUT_INPUT; nothing is {}', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fanout-input-')), 'in.json');
    writeFileSync(file, '{"from":"file"}');
    const s3 = fakeS3({ 'big/in.json': '{"from":"s3"}' });
    expect(
      await readTaskInput({ env: { FANOUT_INPUT_S3_URI: 's3://big/in.json', FANOUT_INPUT: '{}' }, argv: [], s3 }),
    ).toEqual({ from: 's3' });
    expect(await readTaskInput({ env: { FANOUT_INPUT: '{"from":"env"}' }, argv: ['--input-file', file] })).toEqual({
      from: 'file',
    });
    expect(await readTaskInput({ env: { FANOUT_INPUT: '{"from":"env"}' }, argv: ['--input={"from":"argv"}'] })).toEqual(
      { from: 'argv' },
    );
    expect(await readTaskInput({ env: { FANOUT_INPUT: '{"from":"env"}' }, argv: [] })).toEqual({ from: 'env' });
    expect(await readTaskInput({ env: {}, argv: [] })).toEqual({});
  });

  it('names the source of bad JSON and refuses an S3 URI without a client', async () => {
    await expect(readTaskInput({ env: { FANOUT_INPUT: '{nope' }, argv: [] })).rejects.toThrow(
      /the input is not valid JSON/,
    );
    await expect(readTaskInput({ env: { FANOUT_INPUT_S3_URI: 's3://b/k' }, argv: [] })).rejects.toThrow(/no S3 client/);
    await expect(readTaskInput({ env: { FANOUT_INPUT_S3_URI: 'b/k' }, argv: [], s3: fakeS3({}) })).rejects.toThrow(
      /not an s3:\/\/bucket\/key URI/,
    );
  });
});

describe('TaskTokenReporter', () => {
  it('heartbeats on the interval, then reports success and stops', async () => {
    const sfn = recordingSfn();
    let tick: (() => void) | undefined;
    let interval = 0;
    const reporter = new TaskTokenReporter({
      token: 'tok',
      client: sfn,
      heartbeatSeconds: 5,
      timers: {
        setInterval: (run, ms) => {
          tick = run;
          interval = ms;
          return 1;
        },
        clearInterval: () => (tick = undefined),
      },
    });
    reporter.startHeartbeats();
    expect(interval).toBe(5000);
    tick!();
    tick!();
    await reporter.succeed({ pages: 3 });
    expect(tick).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sfn.calls).toEqual([
      { command: 'SendTaskHeartbeatCommand', input: { taskToken: 'tok' } },
      { command: 'SendTaskHeartbeatCommand', input: { taskToken: 'tok' } },
      { command: 'SendTaskSuccessCommand', input: { taskToken: 'tok', output: '{"pages":3}' } },
    ]);
  });

  it('cuts error and cause to the API limits', async () => {
    const sfn = recordingSfn();
    await new TaskTokenReporter({ token: 't', client: sfn }).fail('E'.repeat(300), 'c'.repeat(40000));
    expect(sfn.calls[0]!.input['error']).toHaveLength(256);
    expect(sfn.calls[0]!.input['cause']).toHaveLength(32768);
  });
});

describe('Shutdown', () => {
  it('aborts on SIGTERM, exits 143 after the grace period, and at once on a second signal', () => {
    const proc = new FakeProcess();
    const timers: { run: () => void; ms: number }[] = [];
    const shutdown = new Shutdown({ process: proc, graceMs: 1000, setTimer: (run, ms) => timers.push({ run, ms }) });
    expect(shutdown.stopping).toBe(false);
    proc.emit('SIGTERM');
    expect(shutdown.stopping).toBe(true);
    expect(shutdown.signal.aborted).toBe(true);
    expect(proc.exits).toEqual([]);
    expect(timers[0]!.ms).toBe(1000);
    timers[0]!.run();
    expect(proc.exits).toEqual([EXIT_INTERRUPTED]);
    proc.emit('SIGINT');
    expect(proc.exits).toEqual([143, 143]);
    shutdown.dispose();
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('runTask', () => {
  const quiet = { write: () => undefined, s3: fakeS3({}) };

  it('reports success through the task token and returns 0', async () => {
    const sfn = recordingSfn();
    const code = await runTask(async (input: { n: number }) => Promise.resolve({ doubled: input.n * 2 }), {
      ...quiet,
      env: { FANOUT_INPUT: '{"n":4}', FANOUT_TASK_TOKEN: 'tok' },
      argv: [],
      process: new FakeProcess(),
      sfn,
    });
    expect(code).toBe(0);
    expect(sfn.calls).toEqual([
      { command: 'SendTaskSuccessCommand', input: { taskToken: 'tok', output: '{"doubled":8}' } },
    ]);
  });

  it('reports a failure with its error name and returns 1', async () => {
    const sfn = recordingSfn();
    const lines: string[] = [];
    const code = await runTask(() => Promise.reject(new TaskFailure('Ocr.Unreadable', 'page 2')), {
      ...quiet,
      write: (l) => lines.push(l),
      env: { TASK_TOKEN: 'tok' },
      argv: [],
      process: new FakeProcess(),
      sfn,
    });
    expect(code).toBe(1);
    expect(sfn.calls).toEqual([
      { command: 'SendTaskFailureCommand', input: { taskToken: 'tok', error: 'Ocr.Unreadable', cause: 'page 2' } },
    ]);
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({
      level: 'error',
      msg: 'task failed',
      error: 'Ocr.Unreadable',
    });
  });

  it('returns 143 when SIGTERM stopped the work, without reporting success', async () => {
    const sfn = recordingSfn();
    const proc = new FakeProcess();
    const code = await runTask(
      async (_input, context) => {
        proc.emit('SIGTERM');
        expect(context.stopping).toBe(true);
        return Promise.resolve('checkpointed');
      },
      { ...quiet, env: { FANOUT_TASK_TOKEN: 'tok' }, argv: [], process: proc, sfn },
    );
    expect(code).toBe(EXIT_INTERRUPTED);
    expect(sfn.calls).toEqual([]);
  });
});
