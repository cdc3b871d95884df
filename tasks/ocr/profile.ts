/**
 * Where a task's time goes, summed over its pages: the `profile` of the task's result, which `fanout ocr` and
 * bench/ocr add up over a run. Phases run concurrently (the next page decodes while this one is recognised), so the
 * sum of the phases is CPU-ish time, larger than the task's wall time.
 */
export const PROFILE_PHASES = [
  /** Node start, module loading and reading the batch input, until the task's code runs. */
  'processStart',
  /** Creating the tesseract.js workers and loading the model into each (wall time, overlapped with downloads). */
  'workerStart',
  /** HeadObject of the output (already done?) and GetObject of the source. */
  'download',
  /** Reading the image header (sharp) or opening the PDF (mupdf). */
  'decode',
  /** Decoding the pixels, orientation, grey and scaling — one streaming pass in libvips. */
  'preprocess',
  /** PDF pages: text-layer extraction, or rasterising to grey pixels. */
  'rasterise',
  /** A prepared page waiting for a free worker. */
  'wait',
  /** tesseract.js recognition of a page, including the copy into the worker. */
  'recognition',
  /** PutObject of the `.txt` and `.json` outputs. */
  'outputWrite',
] as const;

export type ProfilePhase = (typeof PROFILE_PHASES)[number];
export type ProfileMs = Record<ProfilePhase, number>;

export class Profile {
  private readonly ms: ProfileMs = Object.fromEntries(PROFILE_PHASES.map((p) => [p, 0])) as ProfileMs;

  add(phase: ProfilePhase, ms: number): void {
    this.ms[phase] += ms;
  }

  async time<T>(phase: ProfilePhase, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  toJSON(): ProfileMs {
    return Object.fromEntries(PROFILE_PHASES.map((p) => [p, Math.round(this.ms[p])])) as ProfileMs;
  }
}
