import type { Statement, Transaction } from 'better-sqlite3';
import type { HistoryEvent } from '../engine';
import type { Db } from './database';
import { toPage, type Page } from './page';

type PendingEvent = [executionId: number, id: number, body: string, exitsState: boolean];

/** How often buffered events that could not be written are tried again. */
const RETRY_MS = 1000;
/** Events one background transaction writes. */
const BACKGROUND_CHUNK = 100;
/** How long background writing may hold the event loop in one turn; the rest is written in the next turns. */
const BACKGROUND_SLICE_MS = 4;

/**
 * Execution histories. Appends are buffered in memory and written in the background, in transactions of at most
 * BACKGROUND_CHUNK events for at most BACKGROUND_SLICE_MS per event-loop turn (the whole buffer at once when it fills),
 * so an execution's ~20 events cost a share of one commit, and a turn in which wide Maps appended thousands of events
 * does not hold API requests behind one long write. Every read flushes first, so readers always see all appended
 * events.
 */
export class HistoryTable {
  private pending: PendingEvent[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly insert: Statement<[executionId: number, id: number, body: string]>;
  private readonly writeAll: Transaction<(events: PendingEvent[]) => void>;
  private readonly forward: Statement<[number, number, number], { id: number; body: string }>;
  private readonly backward: Statement<[number, number, number], { id: number; body: string }>;
  private readonly last: Statement<[number], { id: number | null }>;

  constructor(
    db: Db,
    private readonly options: {
      maxBuffered?: number;
      onError?: (error: unknown) => void;
      /** @default BACKGROUND_SLICE_MS */
      backgroundSliceMs?: number;
    } = {},
  ) {
    this.insert = db.prepare(`INSERT OR REPLACE INTO events (execution_id, id, body) VALUES (?, ?, ?)`);
    this.writeAll = db.transaction((events: PendingEvent[]) => {
      for (const e of events) this.insert.run(e[0], e[1], e[2]);
    });
    this.forward = db.prepare(`SELECT id, body FROM events WHERE execution_id = ? AND id > ? ORDER BY id LIMIT ?`);
    this.backward = db.prepare(
      `SELECT id, body FROM events WHERE execution_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.last = db.prepare(`SELECT max(id) AS id FROM events WHERE execution_id = ?`);
  }

  append(executionId: number, event: HistoryEvent): void {
    const { id, ...rest } = event;
    this.pending.push([executionId, id, JSON.stringify(rest), event.type.endsWith('StateExited')]);
    if (this.pending.length >= (this.options.maxBuffered ?? 5000)) {
      this.flush();
    } else {
      this.scheduled ??= setImmediate(() => this.flushInBackground());
    }
  }

  /** Writes every buffered event now. Safe to call inside a surrounding transaction. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.writeAll(batch);
    } catch (error) {
      // Keep the events for the next flush rather than lose them.
      this.pending = batch.concat(this.pending);
      throw error;
    }
  }

  /**
   * Runs `write` (a transaction that flushes) so that a failed commit keeps the buffered events: a flush inside
   * it hands its batch to the transaction, and a rollback at COMMIT (a full disk) would otherwise drop them.
   */
  atomically<T>(write: () => T): T {
    const before = this.pending.slice();
    try {
      return write();
    } catch (error) {
      const kept = new Set(before);
      this.pending = before.concat(this.pending.filter((event) => !kept.has(event)));
      throw error;
    }
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** One page of an execution's events, ascending after `afterId` or, reversed, descending before `beforeId`. */
  page(
    executionId: number,
    options: { reverse?: boolean; fromId?: number; limit: number },
  ): Page<HistoryEvent, number> {
    this.flushForRead();
    const rows = options.reverse
      ? this.backward.all(executionId, options.fromId ?? Number.MAX_SAFE_INTEGER, options.limit + 1)
      : this.forward.all(executionId, options.fromId ?? 0, options.limit + 1);
    const events = rows.map((r) => ({ id: r.id, ...(JSON.parse(r.body) as Omit<HistoryEvent, 'id'>) }));
    return toPage(events, options.limit, (e) => e.id);
  }

  /** An execution's whole history, read a page at a time (redrive and resume need all of it). */
  all(executionId: number): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    let fromId: number | undefined;
    for (;;) {
      const page = this.page(executionId, { limit: 1000, ...(fromId === undefined ? {} : { fromId }) });
      events.push(...page.items);
      if (page.nextKey === undefined) return events;
      fromId = page.nextKey;
    }
  }

  lastEventId(executionId: number): number {
    this.flush();
    return this.last.get(executionId)?.id ?? 0;
  }

  /** Stops retrying (the store is closing). */
  close(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  /**
   * A read goes on with what is committed when the buffer cannot be written (a full disk): it answers, a turn
   * behind, instead of failing; the buffer is retried in the background.
   */
  private flushForRead(): void {
    try {
      this.flush();
    } catch (error) {
      this.failedInBackground(error);
    }
  }

  private flushInBackground(): void {
    this.scheduled = undefined;
    const until = performance.now() + (this.options.backgroundSliceMs ?? BACKGROUND_SLICE_MS);
    try {
      do {
        const batch = this.pending.splice(0, this.chunkLength());
        try {
          this.writeAll(batch);
        } catch (error) {
          this.pending = batch.concat(this.pending);
          throw error;
        }
      } while (this.pending.length > 0 && performance.now() < until);
    } catch (error) {
      this.failedInBackground(error);
      return;
    }
    if (this.pending.length > 0) this.scheduled = setImmediate(() => this.flushInBackground());
  }

  /**
   * Up to BACKGROUND_CHUNK events, longer when the last one exits a state: a state's Exited event is committed with
   * the next state's Entered event (they are appended in the same turn), so a crash never leaves a history that
   * ends between two states, which a resume could not place.
   */
  private chunkLength(): number {
    let length = Math.min(BACKGROUND_CHUNK, this.pending.length);
    while (length < this.pending.length && this.pending[length - 1]?.[3] === true) length += 1;
    return length;
  }

  /** The events stay buffered; they are written as soon as a retry succeeds, with no new append needed. */
  private failedInBackground(error: unknown): void {
    if (this.retry === undefined) this.options.onError?.(error);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      try {
        this.flush();
      } catch (again) {
        this.failedInBackground(again);
      }
    }, RETRY_MS);
    this.retry.unref();
  }
}
