import { SqsTables } from '../../../src/sqs/tables';
import { LocalSqs, SQS_MIGRATIONS } from '../../../src/sqs';
import { Store } from '../../../src/store/store';
import { VirtualClock } from '../../support/virtual-clock';

/** Matches an SQS wire error by its fields. */
export function sqsError(fields: Record<string, unknown>): Error {
  return expect.objectContaining(fields) as Error;
}

export interface LocalSqsFixture {
  readonly sqs: LocalSqs;
  readonly clock: VirtualClock;
}

/** A LocalSqs over an in-memory store and a virtual clock, new for each test of the suite that calls this. */
export function useLocalSqs(): LocalSqsFixture {
  let store: Store | undefined;
  let current: LocalSqsFixture | undefined;
  beforeEach(() => {
    store = Store.inMemory({ modules: [SQS_MIGRATIONS] });
    const clock = new VirtualClock(Date.UTC(2026, 0, 1), false);
    current = {
      clock,
      sqs: new LocalSqs({ tables: new SqsTables(store.db), clock, baseUrl: 'http://127.0.0.1:9999' }),
    };
  });
  afterEach(() => {
    current?.sqs.close();
    store?.close();
  });
  const get = (): LocalSqsFixture => {
    if (current === undefined) throw new Error('useLocalSqs: used outside a test');
    return current;
  };
  return {
    get sqs() {
      return get().sqs;
    },
    get clock() {
      return get().clock;
    },
  };
}
