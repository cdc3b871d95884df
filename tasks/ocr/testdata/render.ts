/**
 * Renders a page of known text the way a scanner would deliver it: SVG text (a real system font, via librsvg in
 * sharp) at a given dpi, softened by optics (blur), turned by a slight skew, with sensor noise and specks —
 * deterministic (seeded), so a CER measured today is comparable with one measured tomorrow.
 */
import sharp from 'sharp';

export interface PageStyle {
  /** A fontconfig family on this machine (`fc-list`), e.g. 'DejaVu Serif'. */
  font: string;
  fontSizePt: number;
  dpi: number;
  /** Degrees, positive = clockwise. */
  skewDeg: number;
  /** Standard deviation of the grey-level noise (0-255 scale). */
  noise: number;
  /** Grey level of the ink: 0 is black; ~150 is the faint print of a thermal receipt. */
  ink: number;
  /** Gaussian blur sigma in pixels at 300 dpi (scaled with dpi); 0 = none. */
  blur: number;
  seed: number;
  bold?: boolean;
  italic?: boolean;
  /** @default A4, 8.27 × 11.69 in */
  widthIn?: number;
  heightIn?: number;
}

export interface GreyPage {
  data: Buffer;
  width: number;
  height: number;
  dpi: number;
}

/** Average advance of a character, in ems, per family: enough to wrap lines inside the margins. */
export function charsPerLine(style: PageStyle): number {
  const em = /Mono/.test(style.font) ? 0.6 : /Condensed/.test(style.font) ? 0.5 : /Sans/.test(style.font) ? 0.56 : 0.52;
  const usablePt = ((style.widthIn ?? 8.27) - 2 * marginIn(style)) * 72;
  return Math.floor(usablePt / (style.fontSizePt * em * (style.bold ? 1.08 : 1))) - 3;
}

/** An inch on a letter; a receipt's narrow strip has almost none. */
function marginIn(style: PageStyle): number {
  return (style.widthIn ?? 8.27) < 5 ? 0.25 : 1;
}

export async function renderPage(lines: readonly string[], style: PageStyle): Promise<GreyPage> {
  const width = Math.round((style.widthIn ?? 8.27) * style.dpi);
  const height = Math.round((style.heightIn ?? 11.69) * style.dpi);
  const px = (pt: number): number => (pt * style.dpi) / 72;
  const size = px(style.fontSizePt);
  const ink = Math.max(0, Math.min(255, Math.round(style.ink)));
  const text = lines
    .map((line, i) => {
      const x = px(72 * marginIn(style));
      return `<text x="${x}" y="${x + size * 1.2 + i * size * 1.45}" xml:space="preserve">${escapeXml(line)}</text>`;
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-family="${style.font}" font-size="${size}" fill="rgb(${ink},${ink},${ink})"` +
    `${style.bold ? ' font-weight="bold"' : ''}${style.italic ? ' font-style="italic"' : ''}>${text}</g></svg>`;

  let image = sharp(Buffer.from(svg), { density: 72 }).greyscale();
  const sigma = (style.blur * style.dpi) / 300;
  if (sigma >= 0.3) image = image.blur(sigma);
  let data: Buffer = await image.raw().toBuffer();
  if (style.skewDeg !== 0) data = (await skew(data, width, height, style.skewDeg)).data;
  addNoise(data, style.noise, style.seed);
  return { data, width, height, dpi: style.dpi };
}

/** Rotates about the centre and crops back to the page size, as a flatbed does with a slightly crooked sheet. */
async function skew(data: Buffer, width: number, height: number, degrees: number): Promise<{ data: Buffer }> {
  const rotated = await sharp(data, { raw: { width, height, channels: 1 } })
    .rotate(degrees, { background: '#ffffff' })
    .greyscale() // the background colour makes the output sRGB; back to one channel
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.floor((rotated.info.width - width) / 2);
  const top = Math.floor((rotated.info.height - height) / 2);
  return sharp(rotated.data, { raw: { width: rotated.info.width, height: rotated.info.height, channels: 1 } })
    .extract({ left, top, width, height })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
}

/** Gaussian-ish sensor noise plus sparse dark specks (dust), from a seeded generator. */
function addNoise(data: Buffer, sd: number, seed: number): void {
  if (sd <= 0) return;
  const random = mulberry32(seed);
  for (let i = 0; i < data.length; i++) {
    // Sum of three uniforms: close enough to a normal distribution, and cheap.
    const n = (random() + random() + random() - 1.5) * 2 * sd;
    let v = data[i]! + n;
    if (random() < 0.0004) v = 40 + random() * 80;
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
