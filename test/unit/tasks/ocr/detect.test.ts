import { detectType } from '../../../../tasks/ocr/detect';

describe('detectType', () => {
  const bytes = (...b: number[]): Uint8Array => Uint8Array.from([...b, ...new Array<number>(16).fill(0)]);

  it('knows each supported type by its first bytes, not its name', () => {
    expect(detectType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(detectType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(detectType(bytes(0x49, 0x49, 0x2a, 0x00))).toBe('tiff');
    expect(detectType(bytes(0x4d, 0x4d, 0x00, 0x2a))).toBe('tiff');
    expect(detectType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(detectType(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
  });

  it('accepts a PDF header after leading junk, as PDF readers do', () => {
    expect(detectType(Buffer.from(`${' '.repeat(100)}%PDF-1.4`))).toBe('pdf');
    expect(detectType(Buffer.from(`${' '.repeat(2000)}%PDF-1.4`))).toBeUndefined();
  });

  it('returns undefined for anything else, including RIFF that is not WebP and empty input', () => {
    expect(detectType(Buffer.from('plain text'))).toBeUndefined();
    expect(detectType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(detectType(new Uint8Array(0))).toBeUndefined();
  });
});
