/** Binary PGM (P5): one header line and the raw grey bytes — no encoding cost, and leptonica reads it fastest. */
export function toPgm(grey: Uint8Array, width: number, height: number): Buffer {
  if (grey.length !== width * height) throw new Error(`PGM: ${grey.length} bytes for ${width}×${height} pixels`);
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), grey]);
}
