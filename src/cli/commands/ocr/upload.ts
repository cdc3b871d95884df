/**
 * A local folder mirrored into a bucket prefix: new or changed files are uploaded (compared by MD5, the ETag of a
 * single-part upload), unchanged ones are left alone so their ETag — the OCR task's idempotency key — stays the
 * same, and keys whose file is gone are deleted, so the inventory lists exactly the folder.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { inputError, messageOf } from '../../errors';
import { eachBounded } from '../../../engine';
import { TRANSFERS_IN_FLIGHT } from './transfers';

export interface SyncReport {
  files: number;
  uploaded: number;
  unchanged: number;
  deleted: number;
}

/** Files under `dir`, recursively, as paths relative to it with '/' separators; dot-files are skipped. */
export async function listFolder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(at, { withFileTypes: true });
    } catch (error) {
      throw inputError(`cannot read the folder '${at}': ${messageOf(error)}`);
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out;
}

export async function syncFolder(s3: S3Client, dir: string, bucket: string, prefix: string): Promise<SyncReport> {
  const files = await listFolder(dir);
  if (files.length === 0) throw inputError(`no files in '${dir}'`);
  const existing = new Map<string, string>();
  for (const object of await listObjects(s3, bucket, prefix)) existing.set(object.key, object.etag);
  const report: SyncReport = { files: files.length, uploaded: 0, unchanged: 0, deleted: 0 };
  const wanted = new Set<string>();
  for (const file of files) wanted.add(`${prefix}${file}`);
  await eachBounded(files, TRANSFERS_IN_FLIGHT, async (file) => {
    const key = `${prefix}${file}`;
    const body = await readFile(join(dir, ...file.split('/')));
    const md5 = createHash('md5').update(body).digest('hex');
    if (existing.get(key) === md5) {
      report.unchanged++;
      return;
    }
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    report.uploaded++;
  });
  const stale = [...existing.keys()].filter((key) => !wanted.has(key));
  for (let i = 0; i < stale.length; i += 1000) {
    const chunk = stale.slice(i, i + 1000);
    await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }),
    );
    report.deleted += chunk.length;
  }
  return report;
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  return (await listObjects(s3, bucket, prefix)).map((o) => o.key);
}

/** Every object under the prefix, with its ETag unquoted and its LastModified (epoch ms). */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ key: string; etag: string; lastModified: number }[]> {
  const out: { key: string; etag: string; lastModified: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      out.push({ key: o.Key, etag: (o.ETag ?? '').replace(/"/g, ''), lastModified: o.LastModified?.getTime() ?? 0 });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return out;
}
