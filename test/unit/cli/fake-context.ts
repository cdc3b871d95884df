import type { CommandContext } from '../../../src/cli/context';

export interface FakeContext extends CommandContext {
  out: string[];
  err: string[];
  /** Delivers a stop signal to whoever waits for one. */
  signal(name?: string): void;
}

/** A CommandContext that records what a command writes, with no process behind it. */
export function fakeContext(cwd = process.cwd(), env: Record<string, string> = {}): FakeContext {
  const out: string[] = [];
  const err: string[] = [];
  const waiters: ((name: string) => void)[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    cwd,
    env,
    waitForStopSignal: () => new Promise((resolve) => waiters.push(resolve)),
    signal: (name = 'SIGTERM') => waiters.splice(0).forEach((w) => w(name)),
  };
}
