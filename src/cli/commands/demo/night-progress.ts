/**
 * Progress of a night on stderr: the top-level states as they are entered and left (as `fanout run` shows them),
 * and, while the Map runs, how many sources have finished — polled from the Map Run's counts, since the
 * per-source work happens in child executions the parent's history does not show.
 */
import { DescribeMapRunCommand, ListMapRunsCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { ProgressPrinter } from '../run/progress';
import { sleep } from '../../sleep';

const POLL_MS = 1000;

export class NightProgress {
  private readonly printer: ProgressPrinter;
  private readonly stopped = new AbortController();
  private mapRunArn: string | undefined;
  private last = '';

  constructor(
    private readonly client: SFNClient,
    private readonly executionArn: string,
    private readonly write: (line: string) => void,
  ) {
    this.printer = new ProgressPrinter(write);
  }

  onEvent(event: HistoryEvent): void {
    this.printer.onEvent(event);
    if (event.type === 'MapRunStarted') this.mapRunArn = event.mapRunStartedEventDetails?.mapRunArn;
  }

  /** Polls until `stop`; never rejects (progress must not fail the command). */
  async start(): Promise<void> {
    const started = Date.now();
    while (!this.stopped.signal.aborted) {
      try {
        await this.poll(started);
        await sleep(POLL_MS, this.stopped.signal);
      } catch {
        if (this.stopped.signal.aborted) return;
      }
    }
  }

  async stop(polling: Promise<void>): Promise<void> {
    this.stopped.abort();
    await polling;
  }

  private async poll(started: number): Promise<void> {
    if (this.mapRunArn === undefined) {
      const runs = await this.client.send(new ListMapRunsCommand({ executionArn: this.executionArn }));
      this.mapRunArn = runs.mapRuns?.[0]?.mapRunArn;
      if (this.mapRunArn === undefined) return;
    }
    const run = await this.client.send(new DescribeMapRunCommand({ mapRunArn: this.mapRunArn }));
    const c = run.executionCounts;
    if (c === undefined) return;
    const done = (c.succeeded ?? 0) + (c.failed ?? 0) + (c.timedOut ?? 0) + (c.aborted ?? 0);
    const line = `  sources: ${done} done, ${c.running ?? 0} running, ${c.pending ?? 0} waiting`;
    if (line !== this.last) {
      this.last = line;
      this.write(`${line} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }
}
