import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../src/engine/events';
import { HistoryTable } from '../../../src/store/history';
import { MODULE_SCHEMAS, SCHEMA_MIGRATIONS } from '../../../src/api/schema';
import { Store } from '../../../src/store/store';

function event(id: number, timestamp = 1000 + id): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    type: 'PassStateEntered',
    timestamp,
    stateEnteredEventDetails: { name: `S${id}`, input: '{}', inputDetails: { truncated: false } },
  };
}

describe('Store', () => {
  let store: Store;
  beforeEach(() => {
    store = Store.inMemory();
  });
  afterEach(() => store.close());

  function machine(name = 'm'): number {
    return store.stateMachines.create({ name, type: 'STANDARD', definition: '{"d":1}', roleArn: 'r', now: 10 }).id;
  }

  /** An execution `x` of a new machine `m`, started at 1 with `{}`; returns its id. */
  function execution(): number {
    return store.executions.insert({ stateMachineId: machine(), versionId: 1, name: 'x', input: '{}', startDate: 1 });
  }

  describe('state machines', () => {
    it('keeps each version so an execution can find the definition it started with', () => {
      const created = store.stateMachines.create({
        name: 'm',
        type: 'STANDARD',
        definition: 'v1',
        roleArn: 'r1',
        now: 10,
      });
      expect(created).toMatchObject({
        name: 'm',
        definition: 'v1',
        roleArn: 'r1',
        created: 10,
        updated: 10,
        status: 'ACTIVE',
      });
      expect(created.revisionId).toBeUndefined();
      const updated = store.stateMachines.update(created.id, {
        definition: 'v2',
        roleArn: 'r2',
        revisionId: 'rev',
        now: 20,
      });
      expect(updated).toMatchObject({ definition: 'v2', roleArn: 'r2', created: 10, updated: 20, revisionId: 'rev' });
      expect(store.stateMachines.getVersion(created.versionId)?.definition).toBe('v1');
    });

    it('lists by name in pages', () => {
      for (const name of ['c', 'a', 'b', 'd', 'e']) machine(name);
      const first = store.stateMachines.list(undefined, 2);
      expect(first.items.map((m) => m.name)).toEqual(['a', 'b']);
      const second = store.stateMachines.list(first.nextKey, 2);
      expect(second.items.map((m) => m.name)).toEqual(['c', 'd']);
      const last = store.stateMachines.list(second.nextKey, 2);
      expect(last.items.map((m) => m.name)).toEqual(['e']);
      expect(last.nextKey).toBeUndefined();
    });

    it('purges a machine with its executions and their history', () => {
      const id = machine();
      const execution = store.executions.insert({
        stateMachineId: id,
        versionId: 1,
        name: 'x',
        input: '{}',
        startDate: 1,
      });
      store.history.append(execution, event(1));
      store.purgeStateMachine(id);
      expect(store.stateMachines.get('m')).toBeUndefined();
      expect(store.executions.getById(execution)).toBeUndefined();
      expect(store.history.page(execution, { limit: 10 }).items).toEqual([]);
    });
  });

  describe('executions', () => {
    it('records the end of an execution with exactly the fields it has', () => {
      const id = store.executions.insert({
        stateMachineId: machine(),
        versionId: 1,
        name: 'x',
        input: '{"a":1}',
        startDate: 5,
      });
      expect(store.executions.getById(id)).toEqual({
        id,
        stateMachineId: 1,
        versionId: 1,
        name: 'x',
        status: 'RUNNING',
        input: '{"a":1}',
        startDate: 5,
        redriveCount: 0,
      });
      store.endExecution(id, { status: 'FAILED', error: 'E', stopDate: 9 });
      const ended = store.executions.getById(id)!;
      expect(ended).toMatchObject({ status: 'FAILED', error: 'E', stopDate: 9 });
      expect('cause' in ended).toBe(false);
      expect('output' in ended).toBe(false);
    });

    it('lists newest first, filtered by status, in pages', () => {
      const sm = machine();
      const ids = [1, 2, 3, 4, 5].map((n) =>
        store.executions.insert({ stateMachineId: sm, versionId: 1, name: `e${n}`, input: '{}', startDate: n }),
      );
      store.endExecution(ids[1]!, { status: 'SUCCEEDED', output: '1', stopDate: 9 });
      store.endExecution(ids[3]!, { status: 'SUCCEEDED', output: '1', stopDate: 9 });
      const first = store.executions.list(sm, { limit: 2 });
      expect(first.items.map((e) => e.name)).toEqual(['e5', 'e4']);
      const second = store.executions.list(sm, { limit: 2, beforeId: first.nextKey! });
      expect(second.items.map((e) => e.name)).toEqual(['e3', 'e2']);
      expect(store.executions.list(sm, { limit: 10, status: 'SUCCEEDED' }).items.map((e) => e.name)).toEqual([
        'e4',
        'e2',
      ]);
      expect(store.executions.list(sm, { limit: 10, status: 'RUNNING' }).items.map((e) => e.name)).toEqual([
        'e5',
        'e3',
        'e1',
      ]);
      expect(store.executions.countRunning(sm)).toBe(3);
      expect(store.executions.listRunning(0, 2).items.map((e) => e.name)).toEqual(['e1', 'e3']);
    });

    it('refuses a second execution with the same name on one machine', () => {
      const sm = machine();
      store.executions.insert({ stateMachineId: sm, versionId: 1, name: 'x', input: '{}', startDate: 1 });
      expect(() =>
        store.executions.insert({ stateMachineId: sm, versionId: 1, name: 'x', input: '{}', startDate: 1 }),
      ).toThrow(/UNIQUE/);
    });
  });

  describe('history', () => {
    it('buffers appends until the next turn of the event loop, and reads flush first', async () => {
      const id = execution();
      for (let n = 1; n <= 3; n++) store.history.append(id, event(n));
      expect(store.history.pendingCount).toBe(3);
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.history.pendingCount).toBe(0);
      store.history.append(id, event(4));
      expect(store.history.page(id, { limit: 10 }).items).toEqual([1, 2, 3, 4].map((n) => event(n)));
    });

    it('writes a large buffer over several turns of the event loop, and a read in between sees every event', async () => {
      const id = execution();
      // A slice of 0 ms: each turn writes one transaction's worth.
      const history = new HistoryTable(store.db, { backgroundSliceMs: 0 });
      const count = 1000;
      for (let n = 1; n <= count; n++) history.append(id, event(n));
      await new Promise((resolve) => setImmediate(resolve));
      // One turn writes a bounded share, so API requests are not held behind thousands of inserts.
      expect(history.pendingCount).toBe(count - 100);
      expect(history.all(id)).toHaveLength(count);
      expect(history.pendingCount).toBe(0);
      for (let n = count + 1; n <= 2 * count; n++) history.append(id, event(n));
      let turns = 0;
      for (; history.pendingCount > 0; turns++) await new Promise((resolve) => setImmediate(resolve));
      expect(turns).toBe(count / 100);
      expect(history.all(id).map((e) => e.id)).toEqual(Array.from({ length: 2 * count }, (_, i) => i + 1));
    });

    it('never commits a state Exited event without the event after it', async () => {
      const id = execution();
      const history = new HistoryTable(store.db, { backgroundSliceMs: 0 });
      // Event 100 ends the first chunk's worth and exits a state: the chunk takes event 101 (the next Entered) too.
      for (let n = 1; n <= 150; n++) {
        history.append(id, { ...event(n), type: n === 100 ? 'PassStateExited' : 'PassStateEntered' });
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(history.pendingCount).toBe(49);
    });

    it('writes the buffered events before the terminal status', () => {
      const id = execution();
      store.history.append(id, event(1));
      store.endExecution(id, { status: 'SUCCEEDED', output: '{}', stopDate: 2 });
      expect(store.history.pendingCount).toBe(0);
      const row = store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
      expect(row.n).toBe(1);
    });

    it('pages forwards and backwards', () => {
      const id = execution();
      for (let n = 1; n <= 5; n++) store.history.append(id, event(n));
      const first = store.history.page(id, { limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual([1, 2]);
      expect(store.history.page(id, { limit: 2, fromId: first.nextKey! }).items.map((e) => e.id)).toEqual([3, 4]);
      const back = store.history.page(id, { limit: 3, reverse: true });
      expect(back.items.map((e) => e.id)).toEqual([5, 4, 3]);
      const rest = store.history.page(id, { limit: 3, reverse: true, fromId: back.nextKey! });
      expect(rest.items.map((e) => e.id)).toEqual([2, 1]);
      expect(rest.nextKey).toBeUndefined();
      expect(store.history.lastEventId(id)).toBe(5);
    });
  });
});

describe('Store on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses WAL, sets the schema version and keeps everything across reopening', () => {
    const store = Store.open(join(dir, 'data'), { modules: MODULE_SCHEMAS });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_MIGRATIONS.length);
    const sm = store.stateMachines.create({ name: 'm', type: 'STANDARD', definition: 'd', roleArn: 'r', now: 1 }).id;
    const id = store.executions.insert({ stateMachineId: sm, versionId: 1, name: 'x', input: '{}', startDate: 1 });
    store.history.append(id, event(1));
    store.close();

    const reopened = Store.open(join(dir, 'data'), { modules: MODULE_SCHEMAS });
    expect(reopened.stateMachines.get('m')?.definition).toBe('d');
    expect(reopened.executions.getById(id)?.status).toBe('RUNNING');
    expect(reopened.history.page(id, { limit: 10 }).items).toEqual([event(1)]);
    reopened.close();
  });

  it("refuses to open a data directory without every module's schema, creating nothing", () => {
    expect(() => Store.open(join(dir, 'data'), { modules: [] })).toThrow(
      "No migration brings schema version 3: open the store with every module's schema.",
    );
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('runs each schema version once, the store part before the modules in the order given', () => {
    const sqlOf = (version: number): string => SCHEMA_MIGRATIONS[version - 1] ?? '';
    expect(SCHEMA_MIGRATIONS.every((sql) => sql.trim() !== '')).toBe(true);
    expect(sqlOf(3).indexOf('CREATE TABLE sqs_queues')).toBeLessThan(sqlOf(3).indexOf('CREATE TABLE sns_topics'));
    expect(sqlOf(5)).toContain('CREATE TABLE sns_subscriptions');
    expect(sqlOf(7)).toContain('CREATE TABLE events_buses');
  });
});
