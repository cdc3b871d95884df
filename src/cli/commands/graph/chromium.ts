/**
 * Chromium's flags for a headless run with no network of its own: no sandbox (root in containers), no GPU, and none
 * of the background fetches (component updates, sync, QUIC probes) a machine without internet would wait on.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
