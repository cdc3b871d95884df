/**
 * The script of our tesseract.js worker threads (`workerPath`): tesseract.js's own Node worker script, but the core
 * is instantiated from the module the pool's process compiled once (tesseract-core.ts) instead of each thread
 * compiling its own copy. Everything else — the message protocol, model loading, recognition — is tesseract.js's.
 */
import { gunzipSync } from 'node:zlib';
import { getEnvironmentData, parentPort } from 'node:worker_threads';
import worker from 'tesseract.js/src/worker-script';
import cache from 'tesseract.js/src/worker-script/node/cache';
import { CORE_MODULE_KEY, wasm, type WasmModule } from './tesseract-core';

type CoreFactory = (moduleArg: Record<string, unknown>) => Promise<unknown>;

/** tesseract.js's `getCore` adapter: `corePath` is the glue of the build the process compiled. */
function getCore(_lstmOnly: boolean, corePath: string): Promise<CoreFactory> {
  const module = getEnvironmentData(CORE_MODULE_KEY) as WasmModule | undefined;
  if (!(module instanceof wasm.Module))
    return Promise.reject(new Error('no compiled tesseract core: start workers through OcrPool'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the glue is chosen at run time
  const factory = require(corePath) as CoreFactory;
  return Promise.resolve((moduleArg) =>
    factory({
      ...moduleArg,
      // Emscripten's hook: hand it an instance of the shared module rather than compiling the .wasm file again.
      instantiateWasm(imports: object, done: (instance: object, module: WasmModule) => void) {
        done(new wasm.Instance(module, imports), module);
        return {};
      },
    }),
  );
}

parentPort?.on('message', (packet: unknown) => {
  worker.dispatchHandlers(packet, (message: unknown) => parentPort?.postMessage(message));
});

worker.setAdapter({ getCore, gunzip: gunzipSync, fetch: globalThis.fetch, ...cache });
