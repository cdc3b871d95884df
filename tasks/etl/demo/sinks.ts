/** Where the demo night is written: the local endpoint's (or AWS's) S3, or a plain directory `<root>/<bucket>/<key>`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface NightSink {
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
}

export function directorySink(root: string): NightSink {
  return {
    async put(bucket, key, body) {
      const path = join(root, bucket, ...key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
  };
}

/** Creates each bucket on first use (an existing one of ours is fine). */
export function s3Sink(client: S3Client): NightSink {
  const buckets = new Map<string, Promise<void>>();
  const ensure = (bucket: string): Promise<void> => {
    let made = buckets.get(bucket);
    if (!made) {
      made = client.send(new CreateBucketCommand({ Bucket: bucket })).then(
        () => undefined,
        (error: { name?: string }) => {
          if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
        },
      );
      buckets.set(bucket, made);
    }
    return made;
  };
  return {
    async put(bucket, key, body) {
      await ensure(bucket);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
  };
}
