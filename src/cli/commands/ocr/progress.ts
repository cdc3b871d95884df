/**
 * Progress of a running bulk-ocr, as any SDK client can see it: the `documents` Map Run's item counts
 * (DescribeMapRun) for documents done, and the outputs of its finished child executions (one per batch) for pages
 * and per-document failures. Polling only reads what is new: each child's output is read once. A batch reports
 * only when it ends, so documents written meanwhile (counted by the caller, e.g. by an OutputWatch) move the count
 * between batches.
 */
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';

export interface OcrProgress {
  /** Documents in the inventory. */
  total: number;
  /** Documents whose batch has ended (succeeded or failed). */
  done: number;
  /** Documents that failed: alone (unreadable) or with their whole batch. */
  failed: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  /** Seconds left at the rate so far; undefined until a batch has ended. */
  etaSeconds: number | undefined;
  /** Batches (child executions) running now. */
  running: number;
}

/** How often the run's status is read once its end is near: the end is noticed within this. */
export const NEAR_END_MS = 100;
/** The end is near when the ETA is within this many polls. */
const NEAR_END_POLLS = 2;

/**
 * How long to wait before reading a run's status again. Every read costs the endpoint's cores, which the tasks
 * share (~3 ms of CPU for one DescribeExecution in-process), so `pollMs` while the run goes; but the last documents
 * end between two progress polls, so once every document is accounted for, or the ETA is within two polls,
 * NEAR_END_MS — else the end would be noticed up to a whole poll late.
 */
export function statusDelayMs(progress: OcrProgress | undefined, pollMs: number): number {
  if (progress === undefined) return pollMs;
  const eta = progress.etaSeconds;
  const near = progress.done >= progress.total || (eta !== undefined && eta * 1000 <= NEAR_END_POLLS * pollMs);
  return near ? Math.min(NEAR_END_MS, pollMs) : pollMs;
}

interface BatchOutput {
  pages?: number;
  failed?: unknown[];
}

export class OcrProgressTracker {
  private readonly started = Date.now();
  private mapRunArn: string | undefined;
  private readonly seen = new Set<string>();
  private pages = 0;
  private documentFailures = 0;

  constructor(
    private readonly client: SFNClient,
    private readonly executionArn: string,
    private readonly total: number,
  ) {}

  /** `written`: documents whose outputs this run has written so far, if the caller counted them. */
  async poll(written?: number): Promise<OcrProgress> {
    const seconds = (Date.now() - this.started) / 1000;
    const mapRunArn = await this.findMapRun();
    if (mapRunArn === undefined) return this.progress(seconds, 0, 0, 0);
    const run = await this.client.send(new DescribeMapRunCommand({ mapRunArn }));
    await this.readFinishedBatches(mapRunArn);
    const items = run.itemCounts;
    const ended = (items?.succeeded ?? 0) + (items?.failed ?? 0) + (items?.timedOut ?? 0) + (items?.aborted ?? 0);
    const done = Math.max(ended, Math.min(this.total, written ?? 0));
    const batchFailures = (items?.failed ?? 0) + (items?.timedOut ?? 0) + (items?.aborted ?? 0);
    return this.progress(seconds, done, batchFailures, run.executionCounts?.running ?? 0);
  }

  private progress(seconds: number, done: number, batchFailures: number, running: number): OcrProgress {
    const rate = seconds > 0 ? done / seconds : 0;
    return {
      total: this.total,
      done,
      failed: this.documentFailures + batchFailures,
      pages: this.pages,
      seconds,
      pagesPerSecond: seconds > 0 ? this.pages / seconds : 0,
      etaSeconds: done > 0 && rate > 0 ? Math.max(0, this.total - done) / rate : undefined,
      running,
    };
  }

  private async findMapRun(): Promise<string | undefined> {
    if (this.mapRunArn !== undefined) return this.mapRunArn;
    const runs = await this.client.send(new ListMapRunsCommand({ executionArn: this.executionArn }));
    this.mapRunArn = runs.mapRuns?.find((r) => r.mapRunArn?.includes('/documents:') === true)?.mapRunArn;
    return this.mapRunArn;
  }

  private async readFinishedBatches(mapRunArn: string): Promise<void> {
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListExecutionsCommand({ mapRunArn, statusFilter: 'SUCCEEDED', maxResults: 1000, nextToken }),
      );
      for (const child of page.executions ?? []) {
        const arn = child.executionArn;
        if (arn === undefined || this.seen.has(arn)) continue;
        this.seen.add(arn);
        const described = await this.client.send(new DescribeExecutionCommand({ executionArn: arn }));
        const output = JSON.parse(described.output ?? '{}') as BatchOutput;
        this.pages += output.pages ?? 0;
        this.documentFailures += output.failed?.length ?? 0;
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }
}
