/**
 * Sharp preprocessing, only where it helps (the measurements are in docs/ocr.md): EXIF orientation, and
 * downscaling of oversized scans to ~250 dpi (fewer errors, less OCR time and WASM memory). Upscaling low-resolution
 * scans, contrast normalisation and fixed-threshold binarisation exist as switches but are off: each raised CER on
 * the generated set, and a fixed threshold erases faint print (tesseract binarises adaptively itself).
 */
import type sharp from 'sharp';
import type { OcrImage } from './ocr-pool';
import { toNetpbm } from './netpbm';
import type { PreprocessSteps } from './settings';

export interface ScanGeometry {
  width: number;
  height: number;
  /** From the file's metadata, when it has one. */
  density?: number;
  /** EXIF orientation 1-8; 5-8 swap width and height. */
  orientation?: number;
}

export type SharpImage = ReturnType<typeof sharp>;

export interface ScalePlan {
  /** The scan's resolution: its metadata if plausible, else estimated from a page ~8.4 in across. */
  dpi: number;
  /** 1 = unchanged. */
  scale: number;
}

/** What upscaling aims at. */
export const TARGET_DPI = 300;
/**
 * What a scan over HIGH_DPI is shrunk to: tesseract's LSTM reads each text line scaled to 36 px high, so beyond that
 * the extra pixels only feed page layout. On the 600 dpi scans measured (docs/ocr.md) 250 dpi read better than 300
 * in a fifth less time; 180 dpi lost characters. Scans at 300-400 dpi stay as they are: the dense business pages
 * scanned at 300 dpi read worse shrunk to 225.
 */
export const DOWNSCALE_DPI = 250;
export const LOW_DPI = 200;
export const HIGH_DPI = 400;
/** Beyond this, OCR time and WASM memory grow with no gain in accuracy. */
export const MAX_OCR_PIXELS = 40_000_000;
/** Upscaling more than this invents detail that is not there. */
export const MAX_UPSCALE = 2;
const PAGE_INCHES = 8.4;
/** A stated resolution that makes the page's short side longer than an A1 sheet's is a writer's default, not a scan's. */
const MAX_SHORT_SIDE_INCHES = 24;
/**
 * Scales a JPEG can be decoded towards (libvips shrink-on-load). sharp 0.35 leaves a 2× reduction to its kernel, so
 * the decode itself shrinks only at 1/4 (to 1/2) and 1/8 (to 1/4): 150 ms instead of 440 ms CPU for a 35-Mpx receipt
 * at 1/4; at 1/2 the decode is full-size and the snap changes nothing measurable.
 */
const SHRINK_ON_LOAD = [1 / 2, 1 / 4, 1 / 8];

export function planScale(scan: ScanGeometry, steps: Pick<PreprocessSteps, 'upscale' | 'downscale'>): ScalePlan {
  // 72 is what many writers store when they know nothing: treat it as unknown, and so any other value that would
  // make the page wider than a sheet of paper (a 4961-px-wide receipt stored at 96 dpi).
  const shortSide = Math.min(scan.width, scan.height);
  const density = scan.density;
  const known =
    density !== undefined && density > 72 && density <= 2400 && shortSide / density <= MAX_SHORT_SIDE_INCHES;
  const dpi = known ? density : Math.max(1, shortSide / PAGE_INCHES);
  const pixels = scan.width * scan.height;
  if (steps.upscale && dpi < LOW_DPI) {
    const scale = Math.min(MAX_UPSCALE, TARGET_DPI / dpi, Math.sqrt(MAX_OCR_PIXELS / pixels));
    return { dpi, scale: scale > 1.05 ? scale : 1 };
  }
  if (steps.downscale && (dpi > HIGH_DPI || pixels > MAX_OCR_PIXELS)) {
    const scale = Math.min(dpi > HIGH_DPI ? DOWNSCALE_DPI / dpi : 1, Math.sqrt(MAX_OCR_PIXELS / pixels));
    // Within 5 % of a shrink-on-load factor, take the factor: 5 % either way reads as well, and the decode is cheaper.
    const shrink = SHRINK_ON_LOAD.find((f) => Math.abs(scale / f - 1) <= 0.05);
    return { dpi, scale: shrink ?? (scale < 0.95 ? scale : 1) };
  }
  return { dpi, scale: 1 };
}

/** One decoded page (`image` already limited to its page and pixel count) → the grey PGM tesseract reads. */
export async function preparePage(
  image: SharpImage,
  scan: ScanGeometry,
  steps: PreprocessSteps,
): Promise<OcrImage & { scale: number }> {
  let pipeline = steps.autoOrient ? image.autoOrient() : image;
  // greyscale() converts before the resize, toColourspace() at the output: on a 35-Mpx colour scan halved, the
  // conversion after the resize costs half of the whole preparation. Normalising needs the one grey channel first.
  if (steps.normalise) pipeline = pipeline.greyscale();
  const plan = planScale(scan, steps);
  if (plan.scale !== 1) {
    const turned = steps.autoOrient && (scan.orientation ?? 1) >= 5;
    pipeline = pipeline.resize({
      // Rounded down, so that a shrink-on-load factor is not missed by half a pixel.
      width: Math.max(1, Math.floor((turned ? scan.height : scan.width) * plan.scale)),
      // Downscaling: a triangle (linear) filter, a quarter cheaper than sharp's default lanczos3 on a 35-Mpx scan and
      // fewer errors on the real scans it shrinks (docs/ocr.md); upscaling keeps lanczos3's sharper glyph edges.
      kernel: plan.scale < 1 ? 'linear' : 'lanczos3',
    });
  }
  if (steps.normalise) pipeline = pipeline.normalise();
  if (steps.threshold) pipeline = pipeline.threshold(128);
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  // greyscale() with an alpha channel keeps it: take the grey channel only.
  const grey = info.channels === 1 ? data : takeChannel(data, info.channels);
  return { bytes: toNetpbm(grey, info.width, info.height), dpi: plan.dpi * plan.scale, scale: plan.scale };
}

function takeChannel(data: Buffer, channels: number): Buffer {
  const out = Buffer.alloc(data.length / channels);
  for (let i = 0, j = 0; j < out.length; i += channels, j++) out[j] = data[i]!;
  return out;
}
