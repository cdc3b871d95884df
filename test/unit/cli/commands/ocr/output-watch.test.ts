import type { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { OutputWatch } from '../../../../../src/cli/commands/ocr/output-watch';

/** An S3 client that answers ListObjectsV2 from a list of objects, recording each listed prefix. */
function fakeS3(objects: { Key: string; LastModified: Date }[]): { s3: S3Client; prefixes: string[] } {
  const prefixes: string[] = [];
  const send = (command: ListObjectsV2Command): Promise<unknown> => {
    const prefix = command.input.Prefix ?? '';
    prefixes.push(prefix);
    return Promise.resolve({ Contents: objects.filter((o) => o.Key.startsWith(prefix)), IsTruncated: false });
  };
  return { s3: { send } as unknown as S3Client, prefixes };
}

describe('OutputWatch', () => {
  const started = Date.parse('2026-12-07T10:00:00.700Z');
  const run = { resultsBucket: 'results', outputPrefix: 'text/docs', sourcePrefix: 'folders/scans/', started };
  const at = (iso: string): Date => new Date(iso);

  it("lists the run's documents whose JSON was written since the second the run started", async () => {
    const { s3, prefixes } = fakeS3([
      { Key: 'text/docs/folders/scans/a.png.txt', LastModified: at('2026-12-07T10:00:03Z') },
      { Key: 'text/docs/folders/scans/a.png.json', LastModified: at('2026-12-07T10:00:03Z') },
      // Only its .txt so far: not done yet.
      { Key: 'text/docs/folders/scans/sub/b.tiff.txt', LastModified: at('2026-12-07T10:00:04Z') },
      // LastModified has whole seconds: written in the run's first second.
      { Key: 'text/docs/folders/scans/c.jpg.json', LastModified: at('2026-12-07T10:00:00Z') },
      // An earlier run's output.
      { Key: 'text/docs/folders/scans/old.png.json', LastModified: at('2026-12-07T09:59:59Z') },
      // Another folder's output.
      { Key: 'text/docs/folders/other/d.png.json', LastModified: at('2026-12-07T10:00:05Z') },
    ]);
    const written = await new OutputWatch(s3, run).written();
    expect(written).toEqual([
      { key: 'folders/scans/a.png', relative: 'a.png' },
      { key: 'folders/scans/c.jpg', relative: 'c.jpg' },
    ]);
    expect(prefixes).toEqual(['text/docs/folders/scans/']);
  });
});
