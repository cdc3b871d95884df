import type { Clock, IdGenerator, TaskRunner } from '../engine';
import type { ObjectStore } from '../map/objects';
import type { RetentionPolicy } from '../store/retention';
import type { Store } from '../store/store';
import type { EngineBinding } from './engine-binding';
import type { LogSink } from './execution-log';
import type { MockConfig } from './mock-config';

export interface LocalStepFunctionsOptions {
  store: Store;
  engine: EngineBinding;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** Runs Task states (the integrations). @default a runner that rejects every resource */
  tasks?: TaskRunner;
  /** @default the wall clock */
  clock?: Clock;
  /** @default crypto.randomUUID */
  ids?: IdGenerator;
  /** @default Math.random */
  random?: () => number;
  /** Operational messages (never request errors). @default discard */
  log?: (line: string) => void;
  /** Structured records of what executions do (starts, ends, failures, state transitions). @default discard */
  logEvent?: LogSink;
  /** S3 for Distributed Map ItemReader / ResultWriter (the server's embedded S3). @default none: such maps fail */
  objects?: () => ObjectStore;
  /** Step Functions Local's mock configuration: `StartExecution` of `<arn>#<TestCase>` runs that test case. */
  mockConfig?: MockConfig;
  /** Children in flight per Map Run at most, whatever MaxConcurrency says. @default 64 */
  maxChildrenPerMapRun?: number;
  /**
   * How long and how many closed executions are kept (src/runtime/janitor.ts); false keeps them all.
   * @default 90 days, no count limit
   */
  retention?: RetentionPolicy | false;
  /** Where task logs live (`<dataDir>/logs`): an expired execution's logs go with it. @default kept */
  logsDir?: string;
}
