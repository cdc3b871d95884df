/**
 * The ETL task's demo generator and sources parser, loaded from the compiled tasks (`tasks/dist/etl`, built by
 * `npm run build`) under the project root. src/ does not compile tasks/ (each is its own program), so these are
 * the shapes this command relies on, not imports of the task's types.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { inputError } from '../../errors';

export interface RowCounts {
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesDropped: number;
  lateRowsDropped: number;
}

export interface GeneratedNight {
  runDate: string;
  seed: number;
  rows: number;
  sources: { name: string; fault: string | null; files: string[]; expected: RowCounts | null }[];
}

export interface SourcesConfig {
  rawBucket: string;
  lakeBucket: string;
  sources: readonly { name: string }[];
}

export interface NightSink {
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
}

export interface EtlModules {
  generateNight(options: {
    config: SourcesConfig;
    runDate: string;
    sink: NightSink;
    seed?: number;
    rows?: { min: number; max: number };
  }): Promise<GeneratedNight>;
  s3Sink(client: S3Client): NightSink;
  parseSourcesFile(text: string, where: string): SourcesConfig;
}

export async function loadEtlModules(root: string): Promise<EtlModules> {
  const dist = join(root, 'tasks', 'dist', 'etl');
  if (!existsSync(join(dist, 'demo', 'generate-night.js'))) {
    throw inputError(`the ETL task is not built (no ${dist}/demo/generate-night.js): run npm run build`);
  }
  const generator = (await import(join(dist, 'demo', 'generate-night.js'))) as Pick<EtlModules, 'generateNight'>;
  const sinks = (await import(join(dist, 'demo', 'sinks.js'))) as Pick<EtlModules, 's3Sink'>;
  const sources = (await import(join(dist, 'sources.js'))) as Pick<EtlModules, 'parseSourcesFile'>;
  return {
    generateNight: generator.generateNight,
    s3Sink: sinks.s3Sink,
    parseSourcesFile: sources.parseSourcesFile,
  };
}
