import { OcrInputError } from '../../../../tasks/ocr/errors';
import { compileInput, DEFAULT_PREPROCESS } from '../../../../tasks/ocr/settings';

describe('compileInput', () => {
  it('fills every default and normalises items from an S3 Inventory', () => {
    const { items, settings } = compileInput({
      Items: [
        { Bucket: 'docs', Key: 'a/b.png', ETag: '"abc"', Size: '123' },
        { Bucket: 'docs', Key: 'c.pdf' },
      ],
      BatchInput: { outputBucket: 'out', outputPrefix: '/runs/1/' },
    });
    expect(items).toEqual([
      { Bucket: 'docs', Key: 'a/b.png', ETag: 'abc', Size: 123 },
      { Bucket: 'docs', Key: 'c.pdf' },
    ]);
    expect(settings).toEqual({
      outputBucket: 'out',
      outputPrefix: 'runs/1',
      langs: ['eng'],
      model: 'best',
      maxPages: 1000,
      maxPixels: 100_000_000,
      maxBytes: 512 * 1024 * 1024,
      pageTimeoutMs: 120_000,
      dpi: 300,
      useTextLayer: true,
      preprocess: DEFAULT_PREPROCESS,
    });
  });

  it('takes the language, model and preprocessing switches of the run', () => {
    const { settings } = compileInput({
      Items: [],
      BatchInput: { outputBucket: 'o', lang: 'eng+deu', model: 'fast', preprocess: { normalise: true } },
    });
    expect(settings.langs).toEqual(['eng', 'deu']);
    expect(settings.model).toBe('fast');
    expect(settings.preprocess).toEqual({ ...DEFAULT_PREPROCESS, normalise: true });
  });

  it.each([
    [null, /must be an object/],
    [{ Items: 'x', BatchInput: { outputBucket: 'o' } }, /Items must be an array/],
    [{ Items: [{ Bucket: 'b' }], BatchInput: { outputBucket: 'o' } }, /Items\[0\]/],
    [{ Items: [], BatchInput: {} }, /outputBucket/],
    [{ Items: [], BatchInput: { outputBucket: 'o', model: 'huge' } }, /model/],
    [{ Items: [], BatchInput: { outputBucket: 'o', lang: '../eng' } }, /lang/],
    [{ Items: [], BatchInput: { outputBucket: 'o', maxPages: 0 } }, /maxPages/],
    [{ Items: [], BatchInput: { outputBucket: 'o', preprocess: { threshold: 'yes' } } }, /threshold/],
  ])('rejects bad input %#', (input, message) => {
    expect(() => compileInput(input)).toThrow(OcrInputError);
    expect(() => compileInput(input)).toThrow(message);
  });
});
