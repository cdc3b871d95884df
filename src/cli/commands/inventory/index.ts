/**
 * `fanout inventory`: writes an S3 Inventory report (CSV) of a bucket, the input of a Distributed Map with
 * ItemReader MANIFEST / S3_INVENTORY. Useful locally, where S3 does not deliver inventories by itself.
 */
import type { ObjectStore } from '../../../map/objects';
import { expectPositionals, defineCommand } from '../../args';
import { parseEndpoint } from '../../client';
import type { Command } from '../../context';
import { ExitCode, UsageError, endpointError, inputError } from '../../errors';
import { networkErrorCode } from '../../network-error';
import { parseS3Url } from './s3-url';

const usage = `Usage: fanout inventory s3://BUCKET[/PREFIX] --to s3://BUCKET[/PREFIX] [--endpoint URL]

Writes an S3 Inventory report (CSV) of the objects under s3://BUCKET/PREFIX, as S3 delivers one:
<dest prefix>/<bucket>/<config id>/<YYYY-MM-DDTHH-MMZ>/manifest.json, manifest.checksum, and gzip CSV
data files under .../data/. Prints the manifest's s3:// URL; a Distributed Map reads it with
ItemReader InputType MANIFEST, ManifestType S3_INVENTORY.

Options:
  --to s3://BUCKET[/PREFIX]   where the report goes (required)
  --endpoint URL              the S3 endpoint (default: $AWS_ENDPOINT_URL; one of the two is required)
  --config-id ID              the inventory configuration id in the report's path (default fanout)
  --rows-per-file N           rows per gzip data file (default 1000000)
  -h, --help                  show this help
`;

/** Opens the object store behind an endpoint; tests pass an in-memory one. */
export type OpenStore = (
  endpoint: string,
  env: Readonly<Record<string, string | undefined>>,
) => Promise<{
  store: ObjectStore;
  close(): void;
}>;

export function inventoryCommand(openStore: OpenStore): Command {
  const options = { to: 'string', endpoint: 'string', 'config-id': 'string', 'rows-per-file': 'string' } as const;
  return defineCommand(usage, options, async ({ values, positionals }, context) => {
    const [sourceText] = expectPositionals(positionals, ['s3://BUCKET[/PREFIX]'], usage);
    const source = parseS3Url(sourceText!, 'the source', usage);
    if (values.to === undefined) throw new UsageError('missing --to s3://BUCKET[/PREFIX]', usage);
    const destination = parseS3Url(values.to, '--to', usage);
    const endpointText = values.endpoint ?? context.env['AWS_ENDPOINT_URL'];
    if (endpointText === undefined || endpointText === '') {
      throw new UsageError('an S3 endpoint is needed: pass --endpoint URL or set AWS_ENDPOINT_URL', usage);
    }
    const endpoint = parseEndpoint(endpointText, usage);
    const rowsPerFile = parseRows(values['rows-per-file']);
    const configId = values['config-id'] ?? 'fanout';
    if (!/^[\w.-]{1,64}$/.test(configId))
      throw new UsageError(`--config-id must be 1-64 of A-Z a-z 0-9 _ . -, got '${configId}'`, usage);

    const { writeInventory } = await import('../../../map/inventory');
    const opened = await openStore(endpoint, context.env);
    const { store } = opened;
    let lastReport = 0;
    try {
      const report = await writeInventory(store, {
        sourceBucket: source.bucket,
        sourcePrefix: source.prefix,
        destinationBucket: destination.bucket,
        destinationPrefix: destination.prefix,
        configId,
        ...(rowsPerFile === undefined ? {} : { rowsPerFile }),
        onProgress: ({ rows, files }) => {
          if (rows - lastReport < 100_000) return;
          lastReport = rows;
          context.stderr(`fanout: inventory: ${rows} objects, ${files} data files written\n`);
        },
      });
      context.stderr(`fanout: inventory: ${report.rows} objects in ${report.files.length} data files\n`);
      context.stdout(`s3://${report.bucket}/${report.manifestKey}\n`);
      return ExitCode.Ok;
    } catch (error) {
      const code = networkErrorCode(error);
      if (code !== undefined) throw endpointError(`cannot reach ${endpoint} (${code})`);
      const name = (error as { name?: unknown; code?: unknown } | null)?.name;
      if (name === 'ObjectNotFound') throw inputError((error as Error).message);
      throw error;
    } finally {
      opened.close();
    }
  });
}

function parseRows(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`--rows-per-file must be a positive integer, got '${text}'`, usage);
  return Number(text);
}

/** Local endpoints do not check signatures; real credentials in the environment are used when present. */
const openS3: OpenStore = async (endpoint, env) => {
  const [{ S3Client }, { s3ObjectStore }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('../../../map/objects'),
  ]);
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  const client = new S3Client({
    endpoint,
    region: env['AWS_REGION'] ?? 'us-east-1',
    forcePathStyle: true,
    credentials:
      accessKeyId !== undefined && secretAccessKey !== undefined
        ? { accessKeyId, secretAccessKey }
        : { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
  });
  return { store: s3ObjectStore(client), close: () => client.destroy() };
};

export const command: Command = inventoryCommand(openS3);
