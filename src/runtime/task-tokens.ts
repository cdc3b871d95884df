import { type Json, StatesError, type TaskTokenBroker } from '../engine';
import type { TaskTokenTable } from '../store/task-tokens';
import { serviceError, invalidToken } from './errors';

interface Waiter {
  resolve(output: Json): void;
  reject(error: StatesError): void;
  onHeartbeat(): void;
}

/** How many settled tokens are remembered, so late senders get TaskTimedOut instead of TaskDoesNotExist. */
const REMEMBERED_CLOSED_TOKENS = 10_000;

/** Token characters the engine's tokens use; anything else cannot be a token this service issued. */
const TOKEN_SHAPE = /^[A-Za-z0-9+/=_.-]+$/;

/**
 * Delivers SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat to the task states waiting on their tokens.
 * Open tokens live in memory (the waiting promise) and in the store (which execution owns them).
 */
export class LocalTaskTokens {
  private readonly open = new Map<string, Waiter>();
  private readonly closed = new Set<string>();
  private readonly closeListeners: ((token: string) => void)[] = [];

  constructor(
    private readonly table?: TaskTokenTable,
    private readonly now: () => number = Date.now,
  ) {}

  /** The broker port for one execution. */
  forExecution(executionId: number): TaskTokenBroker {
    return {
      register: (token, onHeartbeat) => {
        let waiter!: Waiter;
        const result = new Promise<Json>((resolve, reject) => {
          waiter = { resolve, reject, onHeartbeat };
        });
        // Nothing may be left unhandled if the engine disposes the token without awaiting the result.
        result.catch(() => undefined);
        this.open.set(token, waiter);
        this.table?.insert(token, executionId, this.now());
        return { result, dispose: () => this.close(token) };
      },
    };
  }

  sendSuccess(token: string, output: Json): void {
    this.take(token).resolve(output);
  }

  sendFailure(token: string, error: string | undefined, cause: string | undefined): void {
    this.take(token).reject(new StatesError(error ?? null, cause ?? null));
  }

  sendHeartbeat(token: string): void {
    this.find(token).onHeartbeat();
  }

  /** Called with each token once it is answered, expired or abandoned. */
  onClose(listener: (token: string) => void): void {
    this.closeListeners.push(listener);
  }

  get openCount(): number {
    return this.open.size;
  }

  private take(token: string): Waiter {
    const waiter = this.find(token);
    this.close(token);
    return waiter;
  }

  private find(token: string): Waiter {
    const waiter = this.open.get(token);
    if (waiter) return waiter;
    if (this.closed.has(token)) {
      throw serviceError('TaskTimedOut', 'Task Timed Out: the task token has expired or its task is already closed');
    }
    if (!TOKEN_SHAPE.test(token)) throw invalidToken('Invalid token');
    throw serviceError('TaskDoesNotExist', 'Task Does Not Exist: no task is waiting on this token');
  }

  private close(token: string): void {
    if (!this.open.delete(token)) return;
    this.table?.delete(token);
    for (const listener of this.closeListeners) listener(token);
    this.closed.add(token);
    if (this.closed.size > REMEMBERED_CLOSED_TOKENS) {
      const oldest = this.closed.values().next();
      if (!oldest.done) this.closed.delete(oldest.value);
    }
  }
}
