/**
 * The documents whose outputs a running bulk-ocr has written so far, found by listing the results prefix: a
 * document's JSON is written last, so its presence means both outputs are there. One listing per poll feeds both
 * the progress count and the output copier.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CopiedDocument } from './output-copier';
import { listObjects } from './upload';

export interface WatchedRun {
  resultsBucket: string;
  /** Outputs are `<resultsBucket>/<outputPrefix>/<key>.txt|.json`. */
  outputPrefix: string;
  /** The documents' prefix in their bucket: only this run's documents are counted. */
  sourcePrefix: string;
  /** Epoch ms when the run began: outputs older than that were written by an earlier run. */
  started: number;
}

export class OutputWatch {
  private readonly outputs: string;
  /** LastModified has whole seconds: count what was written from the second the run started. */
  private readonly since: number;

  constructor(
    private readonly s3: S3Client,
    private readonly run: WatchedRun,
  ) {
    this.outputs = `${run.outputPrefix}/`;
    this.since = Math.floor(run.started / 1000) * 1000;
  }

  /** Every document of the run with both outputs written so far. */
  async written(): Promise<CopiedDocument[]> {
    const objects = await listObjects(this.s3, this.run.resultsBucket, `${this.outputs}${this.run.sourcePrefix}`);
    return objects
      .filter((o) => o.key.endsWith('.json') && o.lastModified >= this.since)
      .map((o) => {
        const key = o.key.slice(this.outputs.length, -'.json'.length);
        return { key, relative: key.slice(this.run.sourcePrefix.length) };
      });
  }
}
