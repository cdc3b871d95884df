/**
 * Halting work that is in flight: StopExecution, the execution's TimeoutSeconds, a state's TimeoutSeconds, or
 * a sibling Parallel branch / Map iteration that failed. A Halt is not an ASL error: no Retry or Catch sees it.
 */
import { setMaxListeners } from 'node:events';

export type HaltKind = 'stop' | 'execution-timeout' | 'sibling-failed';

export class Halt extends Error {
  constructor(
    readonly kind: HaltKind,
    readonly error?: string,
    override readonly cause?: string,
  ) {
    super(`execution halted: ${kind}`);
    this.name = 'Halt';
  }
}

export function isHalt(e: unknown): e is Halt {
  return e instanceof Halt;
}

/** A controller aborted when `parent` is; call `release()` when done so the parent keeps no listener. */
export function linkedController(parent: AbortSignal): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  // Many sleeps and tasks listen on one signal (a 10,000-item Map); the default cap of 10 would only warn.
  setMaxListeners(0, controller.signal);
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, release: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => parent.removeEventListener('abort', onAbort) };
}

/** Throws the signal's reason if it is aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw asHalt(signal.reason);
}

/** Anything thrown, as an Error (rejections and aborts carry unknown values). */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** An abort reason as the error to throw: a Halt as it is, a StopReason `{error, cause}` as a stop carrying them. */
export function asHalt(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'object' && reason !== null) {
    const { error, cause } = reason as { error?: unknown; cause?: unknown };
    return new Halt(
      'stop',
      typeof error === 'string' ? error : undefined,
      typeof cause === 'string' ? cause : undefined,
    );
  }
  return new Halt('stop');
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it is aborted. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(asHalt(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(asHalt(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(toError(e));
      },
    );
  });
}
