/** Waiting for what a server does in its own time (a delivery, a drain, a restart), with a deadline. */

/**
 * Calls `probe` every `intervalMs` until it gives a value other than undefined, and returns that value; after
 * `timeoutMs` fails naming `what` it waited for.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
