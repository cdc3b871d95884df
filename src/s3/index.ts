/**
 * @module The embedded S3 of the local endpoint (path-style REST API, objects under `<dataDir>/s3`).
 *
 * Written on node:http streams rather than mounting s3rver 3.7.1, which, measured with the v3 SDK, stores
 * aws-chunked framing as object content (every streamed PutObject is corrupted), writes keys such as
 * `../../x` outside its directory, gets suffix ranges and multipart ETags wrong, has no
 * AbortMultipartUpload, answers 500 to DeleteObjects with numeric keys, and builds continuation tokens with
 * DES, which OpenSSL 3 only offers under `--openssl-legacy-provider`. The file layout is described in object-store.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';

export { isS3Request, LocalS3, type LocalS3Options } from './local-s3';
export type { ObjectEvent } from './notifications';

/**
 * An S3 client for the embedded S3 at `endpointUrl` (the local endpoint, e.g. `http://127.0.0.1:8083`):
 * path-style addressing, us-east-1, and dummy credentials (the local endpoint does not check signatures).
 */
export function localS3Client(endpointUrl: string): S3Client {
  return new S3Client({
    endpoint: endpointUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'fanout', secretAccessKey: 'fanout' },
  });
}
