import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectPositionals, defineCommand } from '../../args';
import { ExitCode, inputError } from '../../errors';
import { retentionPolicy } from '../serve';

const usage = `Usage: fanout gc [--data-dir .fanout] [--retention-days 90] [--retention-count N]

Removes now what fanout serve removes in the background: closed executions past the retention (with their
histories, Map Run children and task logs) and the executions of deleted state machines, then returns the free
space to the file system. A database made before incremental vacuum existed is rewritten once (VACUUM). Safe
while a server runs on the same data directory. Prints what it freed.

Options:
  --data-dir DIR       the data directory (default .fanout)
  --retention-days N   remove closed executions that ended more than N days ago (default 90; 0: none by age)
  --retention-count N  keep only the newest N closed executions (default: no limit)
  -h, --help           show this help
`;

export const command = defineCommand(
  usage,
  {
    'data-dir': 'string',
    'retention-days': 'string',
    'retention-count': 'string',
  },
  async ({ values, positionals }, context) => {
    expectPositionals(positionals, [], usage);
    const dataDir = resolve(context.cwd, values['data-dir'] ?? '.fanout');
    const file = join(dataDir, 'fanout.db');
    if (!existsSync(file)) throw inputError(`no fanout database in ${dataDir} (expected ${file})`);
    const retention = retentionPolicy(values['retention-days'], values['retention-count']);
    const sizeOnDisk = (): number =>
      ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
    const before = sizeOnDisk();
    const { Store } = await import('../../../store/store');
    const { Janitor, systemClock } = await import('../../../runtime');
    const { MODULE_SCHEMAS } = await import('../../../api/schema');
    const store = Store.open(dataDir, { modules: MODULE_SCHEMAS });
    try {
      if (!store.retention.incremental) {
        context.stderr('fanout gc: switching the database to incremental vacuum (one full rewrite)…\n');
        store.retention.vacuumFull();
      }
      const janitor = new Janitor({
        store,
        clock: systemClock,
        retention,
        logsDir: join(dataDir, 'logs'),
        intervalMs: 2 ** 30,
        onProgress: (t) => context.stderr(`fanout gc: ${t.executions} executions, ${t.events} events removed…\n`),
      });
      const tally = await janitor.run();
      janitor.close();
      store.retention.truncateWal();
      const after = sizeOnDisk();
      context.stdout(
        `removed ${tally.executions} executions (${tally.events} history events), ${tally.machines} deleted state machines, ` +
          `${tally.logFolders} task-log folders (${tally.logIndexLines} index lines)\n` +
          `database ${mib(before)} → ${mib(after)} (${mib(Math.max(0, before - after))} returned to the file system)\n`,
      );
    } finally {
      store.close();
    }
    return ExitCode.Ok;
  },
);

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
