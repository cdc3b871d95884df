/**
 * Copies documents' outputs (`<key>.txt`, `<key>.json`) from the results bucket to a local folder, each document
 * once. A run hands it documents as their outputs appear (the JSON is written last, so its presence means both are
 * there), so that when the run ends only the last few are left to copy; a relative path that would leave the folder
 * (a key with `..`) is refused rather than written.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { eachBounded } from '../../../engine';
import { TRANSFERS_IN_FLIGHT } from './transfers';
import { outputKey, text } from './results';

export interface CopiedDocument {
  key: string;
  /** The key under the source prefix: where its outputs go below the folder. */
  relative: string;
}

/** Where a run's outputs are: `<resultsBucket>/<outputPrefix>/<key>.txt|.json`. */
export interface OutputLocation {
  resultsBucket: string;
  outputPrefix: string;
}

export class OutputCopier {
  private readonly root: string;
  private readonly taken = new Set<string>();
  private readonly refusedKeys: string[] = [];
  private files = 0;
  /** Copies started in the background, in order; a failure is kept for `copy` to throw. */
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly s3: S3Client,
    dir: string,
  ) {
    this.root = resolve(dir);
  }

  /** Files written so far. */
  get written(): number {
    return this.files;
  }

  /** Keys refused because their relative path leaves the folder, sorted. */
  get refused(): string[] {
    return [...this.refusedKeys].sort();
  }

  /** Starts copying `documents` without waiting; `copy` waits for it and throws what it met. */
  copyInBackground(from: OutputLocation, documents: readonly CopiedDocument[]): void {
    const fresh = this.take(documents);
    if (fresh.length === 0) return;
    this.pending = this.pending.then(() =>
      this.copyAll(from, fresh).catch((error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      }),
    );
  }

  /** Copies what is not copied yet of `documents`, after what was started in the background. */
  async copy(from: OutputLocation, documents: readonly CopiedDocument[]): Promise<void> {
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
    await this.copyAll(from, this.take(documents));
  }

  private take(documents: readonly CopiedDocument[]): CopiedDocument[] {
    const fresh = documents.filter((doc) => !this.taken.has(doc.key));
    for (const doc of fresh) this.taken.add(doc.key);
    return fresh;
  }

  private async copyAll(from: OutputLocation, documents: readonly CopiedDocument[]): Promise<void> {
    await eachBounded(documents, TRANSFERS_IN_FLIGHT, async (doc) => {
      for (const ext of ['txt', 'json'] as const) {
        const target = resolve(this.root, `${doc.relative}.${ext}`);
        if (!target.startsWith(`${this.root}${sep}`)) {
          this.refusedKeys.push(doc.key);
          return;
        }
        const body = await text(this.s3, from.resultsBucket, outputKey(from.outputPrefix, doc.key, ext));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, body);
        this.files++;
      }
    });
  }
}
