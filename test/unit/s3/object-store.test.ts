import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectStore } from '../../../src/s3/object-store';

describe('ObjectStore', () => {
  let root: string;
  let store: ObjectStore;
  const now = new Date('2024-01-02T03:04:05Z');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-s3-store-'));
    store = ObjectStore.open(root);
    store.createBucket('b', now);
  });
  afterEach(() => {
    store.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function put(key: string, body = key): Promise<string> {
    const file = store.blobs.tempFile();
    writeFileSync(file.path, body);
    await store.blobs.commit(file.id);
    store.putObject('b', key, { blob: file.id, size: body.length, etag: '"e"', headers: {} }, now);
    return file.id;
  }
  const page = (prefix: string, delimiter: string, maxKeys: number, after: Buffer = Buffer.alloc(0)) =>
    store.listObjects('b', { prefix, delimiter, maxKeys, after });

  it('lists in UTF-8 byte order, folding common prefixes and jumping past them', async () => {
    for (const key of ['a/1', 'a/2', 'a-b', 'a', 'b/x/y', 'b/z', 'é', 'z']) await put(key);
    const all = page('', '', 1000);
    expect(all.contents.map((o) => o.key)).toEqual(['a', 'a-b', 'a/1', 'a/2', 'b/x/y', 'b/z', 'z', 'é']);
    const tree = page('', '/', 1000);
    expect([tree.contents.map((o) => o.key), tree.commonPrefixes]).toEqual([
      ['a', 'a-b', 'z', 'é'],
      ['a/', 'b/'],
    ]);
    const nested = page('b/', '/', 1000);
    expect([nested.contents.map((o) => o.key), nested.commonPrefixes]).toEqual([['b/z'], ['b/x/']]);
  });

  it('pages with an exclusive lower bound and reports truncation only when more follows', async () => {
    for (const key of ['k1', 'k2', 'k3', 'k4']) await put(key);
    const first = page('k', '', 2);
    expect([first.contents.map((o) => o.key), first.truncated]).toEqual([['k1', 'k2'], true]);
    const second = page('k', '', 2, first.next);
    expect([second.contents.map((o) => o.key), second.truncated, second.next]).toEqual([
      ['k3', 'k4'],
      false,
      undefined,
    ]);
  });

  it('replaces and deletes objects, discarding their blob files', async () => {
    const first = await put('k', 'one');
    await put('k', 'two');
    await put('gone');
    store.deleteObject('b', 'gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blobs = readdirSync(join(root, 'blobs')).flatMap((shard) => readdirSync(join(root, 'blobs', shard)));
    expect(blobs).toHaveLength(1);
    expect(blobs).not.toContain(first);
    expect(store.getObject('b', 'gone')).toBeUndefined();
  });

  it('refuses to delete a non-empty bucket and clears abandoned uploads with an empty one', async () => {
    await put('k');
    expect(store.deleteBucket('b')).toBe('not-empty');
    store.deleteObject('b', 'k');
    const uploadId = store.createUpload('b', 'mp', {}, now);
    expect(store.deleteBucket('b')).toBe('deleted');
    expect(store.getUpload(uploadId)).toBeUndefined();
    expect(store.deleteBucket('b')).toBe('missing');
  });

  it('empties tmp/ on open, so an interrupted upload leaves nothing behind', () => {
    const file = store.blobs.tempFile();
    writeFileSync(file.path, 'partial');
    store.close();
    store = ObjectStore.open(root);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('sweeps blob files no row refers to, left before it opened, and nothing else', async () => {
    const live = await put('live');
    const orphan = store.blobs.tempFile();
    writeFileSync(orphan.path, 'left by a crash');
    await store.blobs.commit(orphan.id);
    store.close();
    await new Promise((r) => setTimeout(r, 20));
    store = ObjectStore.open(root);
    const fresh = store.blobs.tempFile();
    writeFileSync(fresh.path, 'in flight');
    await store.blobs.commit(fresh.id);
    const freed = await store.sweepOrphans();
    expect(freed).toEqual({ files: 1, bytes: 'left by a crash'.length });
    const files = readdirSync(join(root, 'blobs'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    expect(files).toEqual([live, fresh.id].sort());
  });

  it('keeps the old object whole when a write cannot be committed, and discards the new file', async () => {
    const old = await put('k', 'old');
    const file = store.blobs.tempFile();
    writeFileSync(file.path, 'new');
    await store.blobs.commit(file.id);
    store.close();
    expect(() => store.putObject('b', 'k', { blob: file.id, size: 3, etag: '"n"', headers: {} }, now)).toThrow();
    await new Promise((r) => setTimeout(r, 20));
    store = ObjectStore.open(root);
    expect(store.getObject('b', 'k')?.blob).toBe(old);
    const files = readdirSync(join(root, 'blobs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((e) => e.name)).toEqual([old]);
  });
});
