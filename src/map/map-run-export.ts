/**
 * A Map Run's S3 export (ResultWriter with Resource): each child's record goes to the SUCCEEDED / FAILED file
 * as it ends; the manifest is written at the end and the Map state's result points at it. A redrive keeps the
 * SUCCEEDED files of earlier attempts in its manifest (spec §1.6).
 */
import type { MapRunRecord, MapRunResultTarget } from './map-run-ledger';
import { mapRunId } from './map-run-arns';
import type { MapRunDeps } from './map-run-deps';
import { resultRecord, type MapRunResults } from './map-run-results';
import type { ObjectStore } from './objects';
import { ResultFiles, type ResultFileEntry, type ResultManifest } from './results';

export function exportedResults(
  deps: MapRunDeps,
  record: MapRunRecord,
  target: MapRunResultTarget,
  redriven: boolean,
): MapRunResults {
  let files: Promise<ResultFiles> | undefined;
  const open = (): Promise<ResultFiles> =>
    (files ??= (async () => {
      const objects = deps.objects();
      const resultTarget = {
        bucket: target.bucket,
        prefix: target.prefix,
        mapRunId: mapRunId(record.arn),
        mapRunArn: record.arn,
        outputType: target.outputType,
        transformation: target.transformation,
      };
      const earlier = redriven ? await earlierSucceeded(objects, target, resultTarget.mapRunId) : [];
      return new ResultFiles(objects, resultTarget, { succeededFiles: earlier });
    })());
  return {
    add: async (result) => (await open()).add(resultRecord(result)),
    async finish() {
      const manifest = await (await open()).finish();
      return { MapRunArn: record.arn, ResultWriterDetails: { Bucket: manifest.Bucket, Key: manifest.Key } };
    },
  };
}

/** The SUCCEEDED files the last attempt's manifest lists; none if it wrote no manifest. */
async function earlierSucceeded(
  objects: ObjectStore,
  target: MapRunResultTarget,
  id: string,
): Promise<ResultFileEntry[]> {
  const prefix = target.prefix.replace(/\/+$/, '');
  const key = `${prefix === '' ? '' : `${prefix}/`}${id}/manifest.json`;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await objects.get(target.bucket, key)) chunks.push(chunk);
    const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<ResultManifest>;
    return manifest.ResultFiles?.SUCCEEDED ?? [];
  } catch {
    return [];
  }
}
