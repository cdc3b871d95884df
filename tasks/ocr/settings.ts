/**
 * The task input: a Distributed Map batch (ItemBatcher output) of documents plus the run's settings, validated and
 * compiled once — raw JSON → defaults → `OcrSettings` — so the rest of the program never sees an optional field.
 */
import { OcrInputError } from './errors';

/** One document, as the S3 Inventory (ItemReader MANIFEST) or a listing describes it. */
export interface OcrItem {
  Bucket: string;
  Key: string;
  /** The source object's ETag (quotes optional): the idempotency key. @default read with HeadObject */
  ETag?: string;
  /** Bytes, if known: an object over maxBytes fails without being downloaded. */
  Size?: number;
}

export type OcrModel = 'fast' | 'best';

/** Sharp preprocessing steps, each on or off (defaults measured in docs/ocr.md). */
export interface PreprocessSteps {
  /** Apply EXIF orientation. @default true */
  autoOrient: boolean;
  /** Upscale scans under 200 dpi towards 300 dpi. @default false — raised CER on a 150 dpi scan (0.00 % → 0.78 %) */
  upscale: boolean;
  /** Downscale scans over 400 dpi (or over 40 Mpx) to 250 dpi. @default true */
  downscale: boolean;
  /** Stretch contrast to the full range. @default false — raised CER on clean pages */
  normalise: boolean;
  /** Fixed-threshold binarisation at 128. @default false — wipes out faint print */
  threshold: boolean;
}

export interface OcrBatchInput {
  outputBucket: string;
  /** Outputs go to `<outputPrefix>/<key>.json` and `.txt`. @default '' (the bucket's root) */
  outputPrefix?: string;
  /** Tesseract language code(s), '+'-joined: 'eng', 'eng+deu'. @default 'eng' */
  lang?: string;
  /** @default 'best' (best_int, always bundled); 'fast' needs tessdata_fast (in the container image) */
  model?: OcrModel;
  /** @default 1000 */
  maxPages?: number;
  /** Per page, decoded. @default 100,000,000 */
  maxPixels?: number;
  /** @default 512 MiB */
  maxBytes?: number;
  /** @default 120 */
  pageTimeoutSeconds?: number;
  /** Rasterisation resolution for scanned PDF pages. @default 300 */
  dpi?: number;
  /** Read PDF text layers where a page has one; false OCRs every page (for text layers known to be wrong). @default true */
  useTextLayer?: boolean;
  preprocess?: Partial<PreprocessSteps>;
}

export interface OcrTaskInput {
  Items: OcrItem[];
  BatchInput: OcrBatchInput;
}

export interface OcrSettings {
  outputBucket: string;
  outputPrefix: string;
  langs: string[];
  model: OcrModel;
  maxPages: number;
  maxPixels: number;
  maxBytes: number;
  pageTimeoutMs: number;
  dpi: number;
  useTextLayer: boolean;
  preprocess: PreprocessSteps;
}

export const DEFAULT_PREPROCESS: Readonly<PreprocessSteps> = {
  autoOrient: true,
  upscale: false,
  downscale: true,
  normalise: false,
  threshold: false,
};

/** Bounds the per-task batch: the ECS override limit keeps real batches far smaller, a bad input cannot. */
export const MAX_ITEMS = 10_000;

export function compileInput(raw: unknown): { items: OcrItem[]; settings: OcrSettings } {
  if (!isObject(raw)) throw new OcrInputError('the input must be an object {"Items": [...], "BatchInput": {...}}');
  const items = raw['Items'];
  if (!Array.isArray(items)) throw new OcrInputError('Items must be an array of {Bucket, Key, ETag?, Size?}');
  if (items.length > MAX_ITEMS) throw new OcrInputError(`Items has ${items.length} documents; at most ${MAX_ITEMS}`);
  const batch = raw['BatchInput'];
  if (!isObject(batch)) throw new OcrInputError('BatchInput must be an object with at least outputBucket');
  return { items: items.map(compileItem), settings: compileSettings(batch) };
}

function compileItem(item: unknown, index: number): OcrItem {
  if (!isObject(item) || typeof item['Bucket'] !== 'string' || typeof item['Key'] !== 'string' || item['Key'] === '')
    throw new OcrInputError(`Items[${index}] must have string Bucket and Key`);
  const out: OcrItem = { Bucket: item['Bucket'], Key: item['Key'] };
  if (typeof item['ETag'] === 'string' && item['ETag'] !== '') out.ETag = unquoteETag(item['ETag']);
  // S3 Inventory CSV fields arrive as strings.
  const size = typeof item['Size'] === 'string' ? Number(item['Size']) : item['Size'];
  if (typeof size === 'number' && Number.isFinite(size)) out.Size = size;
  return out;
}

function compileSettings(batch: Record<string, unknown>): OcrSettings {
  const outputBucket = batch['outputBucket'];
  if (typeof outputBucket !== 'string' || outputBucket === '')
    throw new OcrInputError('BatchInput.outputBucket must be a bucket name');
  const prefix = optional(batch, 'outputPrefix', 'string') ?? '';
  const lang = optional(batch, 'lang', 'string') ?? 'eng';
  if (!/^[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/.test(lang))
    throw new OcrInputError(`BatchInput.lang '${lang}' is not a tesseract language code such as 'eng' or 'eng+deu'`);
  const model = optional(batch, 'model', 'string') ?? 'best';
  if (model !== 'fast' && model !== 'best') throw new OcrInputError(`BatchInput.model must be 'fast' or 'best'`);
  const steps = batch['preprocess'];
  if (steps !== undefined && !isObject(steps)) throw new OcrInputError('BatchInput.preprocess must be an object');
  const preprocess = { ...DEFAULT_PREPROCESS };
  for (const name of Object.keys(DEFAULT_PREPROCESS) as (keyof PreprocessSteps)[]) {
    const value = steps?.[name];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new OcrInputError(`BatchInput.preprocess.${name} must be a boolean`);
    preprocess[name] = value;
  }
  return {
    outputBucket,
    outputPrefix: prefix.replace(/^\/+|\/+$/g, ''),
    langs: lang.split('+'),
    model,
    maxPages: positive(batch, 'maxPages', 1000),
    maxPixels: positive(batch, 'maxPixels', 100_000_000),
    maxBytes: positive(batch, 'maxBytes', 512 * 1024 * 1024),
    pageTimeoutMs: positive(batch, 'pageTimeoutSeconds', 120) * 1000,
    dpi: Math.min(600, positive(batch, 'dpi', 300)),
    useTextLayer: flag(batch, 'useTextLayer', true),
    preprocess,
  };
}

export function unquoteETag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

function flag(batch: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = batch[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new OcrInputError(`BatchInput.${name} must be a boolean`);
  return value;
}

function positive(batch: Record<string, unknown>, name: string, fallback: number): number {
  const value = optional(batch, name, 'number') ?? fallback;
  if (!(value > 0)) throw new OcrInputError(`BatchInput.${name} must be a positive number`);
  return value;
}

function optional<T extends 'string' | 'number'>(
  batch: Record<string, unknown>,
  name: string,
  type: T,
): (T extends 'string' ? string : number) | undefined {
  const value = batch[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new OcrInputError(`BatchInput.${name} must be a ${type}`);
  return value as T extends 'string' ? string : number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
