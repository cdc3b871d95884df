/**
 * SIGTERM (ECS stopping a task, a Fargate Spot interruption, the local runner cancelling): stop taking new work,
 * let the current item finish or checkpoint within the grace period, then exit with 143 (128 + SIGTERM) — a code
 * distinct from failure, so the runner can tell "interrupted" from "broken". A second signal exits at once.
 */
export const EXIT_INTERRUPTED = 143;

export interface ProcessLike {
  on(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
}

export interface ShutdownOptions {
  /** @default 25 s (FANOUT_SHUTDOWN_GRACE_SECONDS) */
  graceMs?: number;
  /** @default process */
  process?: ProcessLike;
  /** @default setTimeout */
  setTimer?: (run: () => void, ms: number) => void;
  /** Called once, when the first signal arrives. */
  onSignal?: (signal: string) => void;
}

export class Shutdown {
  private readonly controller = new AbortController();
  private readonly proc: ProcessLike;
  private readonly graceMs: number;
  private readonly setTimer: (run: () => void, ms: number) => void;
  private readonly onSignal: ((signal: string) => void) | undefined;
  private readonly listeners: ['SIGTERM' | 'SIGINT', () => void][];

  constructor(options: ShutdownOptions = {}) {
    this.proc = options.process ?? process;
    const envGrace = Number(process.env['FANOUT_SHUTDOWN_GRACE_SECONDS'] ?? '25');
    this.graceMs = options.graceMs ?? (Number.isFinite(envGrace) && envGrace >= 0 ? envGrace : 25) * 1000;
    this.setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms).unref());
    this.onSignal = options.onSignal;
    this.listeners = (['SIGTERM', 'SIGINT'] as const).map((name) => [name, () => this.receive(name)]);
    for (const [name, listener] of this.listeners) this.proc.on(name, listener);
  }

  /** Aborted on the first signal: pass it to work that can stop early. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once a signal arrived: take no new work. */
  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  /** Exits with 143 now: call after checkpointing, once the interrupted work is safe. */
  exitInterrupted(): void {
    this.dispose();
    this.proc.exit(EXIT_INTERRUPTED);
  }

  dispose(): void {
    for (const [name, listener] of this.listeners) this.proc.off(name, listener);
  }

  private receive(name: string): void {
    if (this.stopping) {
      this.proc.exit(EXIT_INTERRUPTED);
      return;
    }
    this.onSignal?.(name);
    this.controller.abort(new Error(`received ${name}`));
    // The grace period is a promise to the platform, which kills the task after it anyway.
    this.setTimer(() => this.proc.exit(EXIT_INTERRUPTED), this.graceMs);
  }
}
