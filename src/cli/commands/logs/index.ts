import { closeSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { expectPositionals, defineCommand } from '../../args';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError, inputError } from '../../errors';

const usage = `Usage: fanout logs EXECUTION_ARN|TASK_ARN|JOB_ARN [--follow] [--data-dir DIR]

Prints what task processes wrote to stdout and stderr: every ECS task and Batch job of an execution, one task,
or one job (an array job prints all its children). Several logs are printed one after the other, each under a
"==> ARN <==" header. Logs are files under DIR/logs; no endpoint is needed.

Options:
  -f, --follow    keep printing as the logs grow (and as new tasks start) until Ctrl-C; for a task or job,
                  until it has stopped
  --data-dir DIR  the data directory the server uses (default .fanout)
  -h, --help      show this help
`;

/** How often --follow looks for more output. */
const POLL_MS = 250;
const CHUNK_BYTES = 64 * 1024;

export const command = defineCommand(
  usage,
  { follow: { type: 'boolean', short: 'f' }, 'data-dir': 'string' },
  async ({ values, positionals }, context) => {
    const [arn = ''] = expectPositionals(positionals, ['ARN'], usage);
    if (!arn.startsWith('arn:')) {
      throw new UsageError(`expected an execution, ECS task or Batch job ARN, got '${arn}'`, usage);
    }
    const dataDir = resolve(context.cwd, values['data-dir'] ?? '.fanout');
    const { readLogIndex, logsFor } = await import('../../../integrations');
    const printer = new Printer(context, join(dataDir, 'logs'));
    const find = () => logsFor(readLogIndex(dataDir), arn);

    if (values.follow !== true) {
      const records = find();
      if (records.length === 0) throw inputError(`no task logs for ${arn} under ${dataDir}`);
      for (const r of records) printer.print(r, records.length > 1);
      return ExitCode.Ok;
    }

    let stop = false;
    void context.waitForStopSignal().then(() => {
      stop = true;
    });
    const isExecution = arn.includes(':states:');
    for (;;) {
      const records = find();
      for (const r of records) printer.print(r, true);
      const ended = records.length > 0 && records.every((r) => r.stoppedAt !== undefined);
      if (stop || (!isExecution && ended)) return ExitCode.Ok;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  },
);

/** Prints each file from where it left off, with a header whenever the output switches to another file. */
class Printer {
  private readonly offsets = new Map<string, number>();
  /** Per file, so a character split across two reads is printed whole. */
  private readonly decoders = new Map<string, StringDecoder>();
  private current: string | undefined;

  constructor(
    private readonly context: CommandContext,
    private readonly dir: string,
  ) {}

  print(record: { arn: string; file: string; attempt: number; stateName: string }, header: boolean): void {
    let fd: number;
    try {
      fd = openSync(join(this.dir, record.file), 'r');
    } catch {
      return; // not created yet, or removed
    }
    try {
      let offset = this.offsets.get(record.file) ?? 0;
      const buffer = Buffer.alloc(CHUNK_BYTES);
      for (
        let n = readSync(fd, buffer, 0, CHUNK_BYTES, offset);
        n > 0;
        n = readSync(fd, buffer, 0, CHUNK_BYTES, offset)
      ) {
        if (header && this.current !== record.file) {
          const attempt = record.attempt > 1 ? `, attempt ${record.attempt}` : '';
          this.context.stdout(`==> ${record.arn} (state '${record.stateName}'${attempt}) <==\n`);
        }
        this.current = record.file;
        let decoder = this.decoders.get(record.file);
        if (decoder === undefined) this.decoders.set(record.file, (decoder = new StringDecoder('utf8')));
        this.context.stdout(decoder.write(buffer.subarray(0, n)));
        offset += n;
      }
      this.offsets.set(record.file, offset);
    } finally {
      closeSync(fd);
    }
  }
}
