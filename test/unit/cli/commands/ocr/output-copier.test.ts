import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { OutputCopier } from '../../../../../src/cli/commands/ocr/output-copier';

const FROM = { resultsBucket: 'results', outputPrefix: 'text/docs' };

/** An S3 client that answers GetObject from a map of keys, counting each read; a missing key fails like S3. */
function fakeS3(objects: Record<string, string>): { s3: S3Client; reads: string[] } {
  const reads: string[] = [];
  const send = (command: GetObjectCommand): Promise<unknown> => {
    const key = command.input.Key ?? '';
    reads.push(key);
    const body = objects[key];
    if (body === undefined) return Promise.reject(Object.assign(new Error(`NoSuchKey: ${key}`), { name: 'NoSuchKey' }));
    return Promise.resolve({ Body: { transformToString: () => Promise.resolve(body) } });
  };
  return { s3: { send } as unknown as S3Client, reads };
}

describe('OutputCopier', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-copier-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const outputs = (...keys: string[]): Record<string, string> =>
    Object.fromEntries(
      keys.flatMap((key) => [
        [`text/docs/${key}.txt`, `text of ${key}`],
        [`text/docs/${key}.json`, `{"key":"${key}"}`],
      ]),
    );

  it('copies each document once, whether handed over during the run or at its end', async () => {
    const { s3, reads } = fakeS3(outputs('in/a.png', 'in/b.png', 'in/sub/c.png'));
    const copier = new OutputCopier(s3, dir);
    copier.copyInBackground(FROM, [{ key: 'in/a.png', relative: 'a.png' }]);
    copier.copyInBackground(FROM, [
      { key: 'in/a.png', relative: 'a.png' },
      { key: 'in/b.png', relative: 'b.png' },
    ]);
    await copier.copy(FROM, [
      { key: 'in/a.png', relative: 'a.png' },
      { key: 'in/b.png', relative: 'b.png' },
      { key: 'in/sub/c.png', relative: 'sub/c.png' },
    ]);
    expect(copier.written).toBe(6);
    expect(reads.filter((key) => key === 'text/docs/in/a.png.txt')).toHaveLength(1);
    expect(reads).toHaveLength(6);
    expect(readFileSync(join(dir, 'sub', 'c.png.txt'), 'utf8')).toBe('text of in/sub/c.png');
    expect(readFileSync(join(dir, 'a.png.json'), 'utf8')).toBe('{"key":"in/a.png"}');
  });

  it('refuses a key whose relative path leaves the folder and writes nothing outside it', async () => {
    const { s3 } = fakeS3(outputs('in/../../evil.png', 'in/ok.png'));
    const copier = new OutputCopier(s3, join(dir, 'out'));
    await copier.copy(FROM, [
      { key: 'in/../../evil.png', relative: '../../evil.png' },
      { key: 'in/ok.png', relative: 'ok.png' },
    ]);
    expect(copier.refused).toEqual(['in/../../evil.png']);
    expect(copier.written).toBe(2);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('keeps a failure met in the background and throws it from the final copy', async () => {
    const { s3 } = fakeS3({});
    const copier = new OutputCopier(s3, dir);
    copier.copyInBackground(FROM, [{ key: 'in/gone.png', relative: 'gone.png' }]);
    await expect(copier.copy(FROM, [])).rejects.toThrow('NoSuchKey: text/docs/in/gone.png.txt');
  });
});
