// tesseract.js's worker-side modules, which ship without types: what tesseract-worker.ts uses of them.
declare module 'tesseract.js/src/worker-script' {
  const workerScript: {
    dispatchHandlers(packet: unknown, send: (message: unknown) => void): void;
    setAdapter(adapter: Record<string, unknown>): void;
  };
  export default workerScript;
}

declare module 'tesseract.js/src/worker-script/node/cache' {
  const cache: Record<string, (...args: never[]) => Promise<unknown>>;
  export default cache;
}
