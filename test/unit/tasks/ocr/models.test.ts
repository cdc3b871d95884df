import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModel } from '../../../../tasks/ocr/models';

describe('resolveModel', () => {
  let root: string;
  const langPaths: string[] = [];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-models-test-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    for (const dir of langPaths.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A model file whose bytes are this test's own, so its content-named directory is too. */
  function fastModelIn(dir: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'eng.traineddata'), `model bytes of ${root}`);
    return join(dir, 'eng.traineddata');
  }
  function resolveFast(dir: string): string {
    const { langPath } = resolveModel('fast', ['eng'], { FANOUT_OCR_TESSDATA_FAST: dir });
    langPaths.push(langPath);
    return langPath;
  }

  it('links the model into a directory named by its contents', () => {
    const source = fastModelIn(join(root, 'checkout-a'));
    const langPath = resolveFast(join(root, 'checkout-a'));
    expect(readlinkSync(join(langPath, 'eng.traineddata'))).toBe(source);
    expect(readFileSync(join(langPath, 'eng.traineddata'), 'utf8')).toBe(`model bytes of ${root}`);
  });

  it('repoints a link left dangling by a deleted checkout holding the same model', () => {
    fastModelIn(join(root, 'a'));
    const first = resolveFast(join(root, 'a'));
    rmSync(join(root, 'a'), { recursive: true });
    const source = fastModelIn(join(root, 'b'));
    const second = resolveFast(join(root, 'b'));
    expect(second).toBe(first);
    expect(readlinkSync(join(second, 'eng.traineddata'))).toBe(source);
    expect(readFileSync(join(second, 'eng.traineddata'), 'utf8')).toBe(`model bytes of ${root}`);
  });
});
