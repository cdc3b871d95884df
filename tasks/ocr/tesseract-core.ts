/**
 * tesseract-core's WebAssembly, compiled once per process and shared by every worker thread. Each tesseract.js worker
 * would otherwise compile the same 2.9 MB module in its own isolate — its lazy baseline compile and then its own
 * optimised tier-up of the hot functions. A WebAssembly.Module handed to a worker thread shares V8's compiled code,
 * so what one worker has tiered up the others run at once (docs/ocr.md has the measured effect).
 *
 * The build is chosen as tesseract.js chooses it for OEM LSTM_ONLY: relaxed SIMD, else SIMD, else plain.
 */
import { readFile } from 'node:fs/promises';
import { setEnvironmentData } from 'node:worker_threads';
import { relaxedSimd, simd } from 'wasm-feature-detect';

/** The worker threads' environment-data key holding the compiled module. */
export const CORE_MODULE_KEY = 'fanout.ocr.tesseract-core';

/** The part of the WebAssembly JS API used here: the project's `lib` has no WebAssembly types. */
export interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: abstract new (...args: never[]) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => object;
}
export type WasmModule = { readonly __brand?: 'WebAssembly.Module' };
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let shared: Promise<string> | undefined;

/**
 * Compiles the core once (later calls share the promise) and makes it every new worker thread's environment data;
 * resolves to the path of the core's JavaScript glue, which a worker thread loads as tesseract.js's `corePath`.
 */
export function shareTesseractCore(): Promise<string> {
  shared ??= (async () => {
    const build = (await relaxedSimd())
      ? 'tesseract-core-relaxedsimd-lstm'
      : (await simd())
        ? 'tesseract-core-simd-lstm'
        : 'tesseract-core-lstm';
    const corePath = require.resolve(`tesseract.js-core/${build}.js`);
    const module = await wasm.compile(await readFile(corePath.replace(/\.js$/, '.wasm')));
    setEnvironmentData(CORE_MODULE_KEY, module);
    return corePath;
  })();
  return shared;
}
