import { isBilevel, toNetpbm, toPbm, toPgm } from '../../../../tasks/ocr/netpbm';

describe('netpbm', () => {
  it('packs a black-and-white page into PBM rows padded to whole bytes, black as 1', () => {
    // 10 × 2: row 0 black at x 0 and 9, row 1 black at x 1 to 8.
    const grey = Uint8Array.from([0, 255, 255, 255, 255, 255, 255, 255, 255, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 255]);
    const pbm = toNetpbm(grey, 10, 2);
    const header = 'P4\n10 2\n';
    expect(pbm.subarray(0, header.length).toString('latin1')).toBe(header);
    expect([...pbm.subarray(header.length)]).toEqual([0b10000000, 0b01000000, 0b01111111, 0b10000000]);
  });

  it('keeps any page with a grey level other than 0 or 255 as 8-bit PGM', () => {
    const grey = Uint8Array.from([0, 255, 128, 255]);
    expect(isBilevel(grey)).toBe(false);
    expect(toNetpbm(grey, 2, 2).equals(toPgm(grey, 2, 2))).toBe(true);
    expect(toPgm(grey, 2, 2).subarray(0, 11).toString('latin1')).toBe('P5\n2 2\n255\n');
  });

  it('refuses a buffer that does not match the size', () => {
    expect(() => toPbm(new Uint8Array(3), 2, 2)).toThrow('PBM: 3 bytes for 2×2 pixels');
    expect(() => toPgm(new Uint8Array(5), 2, 2)).toThrow('PGM: 5 bytes for 2×2 pixels');
  });
});
