/**
 * Removes what the service no longer keeps, in the background and in bounded slices: the executions of deleted
 * state machines (DeleteStateMachine returns at once, the machine reads DELETING until then, as on AWS), closed
 * executions past the retention policy (90 days by default, as AWS keeps them), their task logs and their lines in
 * the task-log index (streamed, src/runtime/log-index-compaction.ts), and then the database's free pages
 * (incremental vacuum). Each slice is one short transaction; the event loop turns between
 * slices, so API requests are answered while gigabytes go.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../engine';
import { compactLogIndex } from './log-index-compaction';
import type { RetentionPolicy } from '../store/retention';
import type { Store } from '../store/store';

export interface JanitorOptions {
  store: Store;
  clock: Clock;
  /** false keeps every closed execution (deleted machines are still removed). @default 90 days */
  retention?: RetentionPolicy | false;
  /** `<dataDir>/logs`, where task logs live by execution. @default none removed */
  logsDir?: string;
  /** Called after a deleted machine's last row went. */
  onMachinePurged?: (stateMachineId: number) => void;
  log?: (line: string) => void;
  /** How often retention runs on its own (cheap when nothing expired). @default 30 s */
  intervalMs?: number;
  /** Rows per slice. @default 2000 */
  sliceRows?: number;
  /** Called after each batch of executions removed (`fanout gc` prints progress). */
  onProgress?: (tally: Readonly<JanitorTally>) => void;
}

export interface JanitorTally {
  executions: number;
  events: number;
  machines: number;
  /** Bytes the database file shrank by (free pages returned and the WAL truncated). */
  bytesReturned: number;
  logFolders: number;
  /** Lines of removed executions' logs dropped from the task-log index. */
  logIndexLines: number;
}

const BATCH = 50;
const VACUUM_PAGES = 2048;
/** Ends between count checks: a count limit is held to within this many executions even at full speed. */
const ENDS_PER_CHECK = 100;

export class Janitor {
  private running: Promise<JanitorTally> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private endsSinceCheck = 0;

  constructor(private readonly options: JanitorOptions) {
    this.timer = setInterval(() => this.kick(), options.intervalMs ?? 30_000);
    this.timer.unref();
    // What expired while no server ran, and machines whose deletion a stopped server left unfinished.
    setImmediate(() => this.kick());
  }

  /** Runs soon (or once more after the run in progress). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run().catch((error: unknown) => this.options.log?.(`cleanup stopped: ${String(error)}`));
  }

  /**
   * A top-level execution closed. Under a count limit, every ENDS_PER_CHECK ends start a sweep, so the limit holds
   * while executions end faster than the periodic sweep could keep up with; an age limit needs no such check.
   */
  executionClosed(): void {
    const { retention } = this.options;
    if (retention === false || retention?.maxCount === undefined) return;
    this.endsSinceCheck += 1;
    if (this.endsSinceCheck < Math.min(ENDS_PER_CHECK, Math.max(1, retention.maxCount))) return;
    this.endsSinceCheck = 0;
    this.kick();
  }

  /** Runs until nothing is left to remove; resolves with what it removed. */
  run(): Promise<JanitorTally> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
      if (this.again && !this.closed) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  /** Resolves once no sweep runs or is due to run again. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private get stopped(): boolean {
    return this.closed || !this.options.store.db.open;
  }

  private async sweep(): Promise<JanitorTally> {
    const { store } = this.options;
    const tally: JanitorTally = {
      executions: 0,
      events: 0,
      machines: 0,
      bytesReturned: 0,
      logFolders: 0,
      logIndexLines: 0,
    };
    if (this.stopped) return tally;
    const before = store.retention.size().bytes;
    for (const machineId of store.retention.deleting()) {
      if (store.executions.countRunning(machineId) > 0) continue;
      for (;;) {
        const ids = store.retention.ofMachine(machineId, BATCH);
        if (ids.length === 0 || this.stopped) break;
        await this.purge(ids, tally);
        this.options.onProgress?.(tally);
      }
      if (this.stopped) return tally;
      store.retention.purgeMachine(machineId);
      tally.machines += 1;
      this.options.onMachinePurged?.(machineId);
    }
    if (this.options.retention !== false) {
      const policy = this.options.retention ?? {};
      for (;;) {
        const ids = store.retention.expired(policy, this.options.clock.now(), BATCH);
        if (ids.length === 0 || this.stopped) break;
        await this.purge(ids, tally);
        this.options.onProgress?.(tally);
      }
    }
    if (tally.logFolders > 0 && this.options.logsDir !== undefined && !this.stopped) {
      try {
        tally.logIndexLines = (await compactLogIndex(this.options.logsDir))?.removed ?? 0;
      } catch (error) {
        // A full disk: the old index stays whole, and the next sweep that removes logs tries again.
        this.options.log?.(`could not compact the task-log index: ${String(error)}`);
      }
    }
    while (!this.stopped && store.retention.vacuumStep(VACUUM_PAGES) > 0) await turn();
    if (this.stopped) return tally;
    if (tally.executions > 0) store.retention.truncateWal();
    tally.bytesReturned = Math.max(0, before - store.retention.size().bytes);
    if (tally.executions > 0) {
      this.options.log?.(
        `removed ${tally.executions} executions (${tally.events} history events` +
          `${tally.machines > 0 ? `, ${tally.machines} deleted state machines` : ''}); database ${mib(before)} → ${mib(before - tally.bytesReturned)}`,
      );
    }
    return tally;
  }

  private async purge(ids: readonly number[], tally: JanitorTally): Promise<void> {
    const rows = this.options.sliceRows ?? 2000;
    // Rows removed since the event loop last turned: small executions share a turn, so removal keeps up with
    // executions ending at full speed, and no turn removes more than `rows` rows.
    let sinceTurn = 0;
    // Log folders go in groups, together: one file-system round trip per removed execution would otherwise pace
    // removal to the event loop's turns.
    const folders: Array<{ machine: string; name: string }> = [];
    for (const id of ids) {
      for (;;) {
        if (this.stopped) break;
        const slice = this.options.store.retention.purgeExecution(id, rows - sinceTurn);
        tally.executions += slice.executions;
        tally.events += slice.events;
        folders.push(...slice.removed);
        if (folders.length >= BATCH) tally.logFolders += await this.removeLogs(folders.splice(0));
        sinceTurn += slice.events + slice.executions;
        if (sinceTurn >= rows) {
          sinceTurn = 0;
          await turn();
        }
        if (slice.done) break;
      }
    }
    tally.logFolders += await this.removeLogs(folders);
    if (sinceTurn > 0) await turn();
  }

  /**
   * The executions' task-log folders (`<logs>/<machine>_<execution>`, as src/integrations/logs.ts names them), at
   * most BATCH at once; the number that existed.
   */
  private async removeLogs(executions: ReadonlyArray<{ machine: string; name: string }>): Promise<number> {
    const { logsDir } = this.options;
    if (logsDir === undefined || executions.length === 0) return 0;
    const removed = await Promise.all(
      executions.map(async ({ machine, name }) => {
        const folder = join(logsDir, `${machine}_${name}`.replace(/[^A-Za-z0-9_.-]/g, '-'));
        try {
          await rm(folder, { recursive: true });
          return 1;
        } catch {
          return 0;
        }
      }),
    );
    return removed.reduce((sum: number, n) => sum + n, 0);
  }
}

/** Lets the event loop answer what waits (requests, timers, I/O) before the next slice. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
