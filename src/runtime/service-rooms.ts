import type { Clock, IdGenerator } from '../engine';
import { MapRunRegistry } from '../map/map-run-registry';
import type { Store } from '../store/store';
import { LocalActivities } from './activities';
import { StateMachineAliases } from './aliases';
import type { ServiceLocation } from './arns';
import { randomIds, systemClock } from './clock';
import { StateMachineDefinitions } from './definitions';
import { enginePortsFactory } from './engine-ports';
import { ExecutionHost } from './execution-host';
import { ExecutionOperations } from './execution-operations';
import { ExecutionQueries } from './execution-queries';
import { Janitor } from './janitor';
import { ResourceLookup } from './lookups';
import { childRunPort } from './map-run-child';
import { MapRunOperations } from './map-run-operations';
import { mockAnswers } from './mock-answers';
import { MockedTaskRunner } from './mock-config';
import { ExecutionRedrives } from './redrive';
import type { LocalStepFunctionsOptions } from './service-options';
import { StateMachineOperations } from './state-machine-operations';
import { TagOperations } from './tags';
import { TaskTokenOperations } from './task-token-operations';
import { unsupportedResourceRunner } from './task-runner';
import { LocalTaskTokens } from './task-tokens';
import { testStatePorts, type TestStateDeps } from './test-state';
import { StateMachineVersions } from './versions';

/** Every room of the Step Functions service, wired to one store, clock and engine. */
export interface ServiceRooms {
  location: ServiceLocation;
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  log: (line: string) => void;
  host: ExecutionHost;
  definitions: StateMachineDefinitions;
  lookup: ResourceLookup;
  machines: StateMachineOperations;
  executions: ExecutionOperations;
  queries: ExecutionQueries;
  tokens: TaskTokenOperations;
  mapRuns: MapRunOperations;
  versions: StateMachineVersions;
  aliases: StateMachineAliases;
  activities: LocalActivities;
  tags: TagOperations;
  janitor: Janitor;
  testState: TestStateDeps;
}

/**
 * Which room calls which: the rooms call each other only through the narrow functions given here, so each can be
 * read (and tested) alone. `isClosed` says whether the service was closed, after which nothing is recorded.
 */
export function wireRooms(options: LocalStepFunctionsOptions, isClosed: () => boolean): ServiceRooms {
  const store = options.store;
  const location: ServiceLocation = {
    partition: 'aws',
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
  };
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const log = options.log ?? (() => undefined);
  const random = options.random ?? Math.random;
  const tags = new TagOperations(store, location);
  const activities = new LocalActivities(store, location, clock, tags);
  const versions = new StateMachineVersions(store, location, clock);
  const aliases = new StateMachineAliases(store, location, clock);
  const realTasks = activities.runner(options.tasks ?? unsupportedResourceRunner);
  const mocks =
    options.mockConfig === undefined
      ? undefined
      : new MockedTaskRunner(
          options.mockConfig,
          realTasks,
          mockAnswers(() => tokens, log),
        );
  const tasks = mocks ?? realTasks;
  const taskTokens = new LocalTaskTokens(store.taskTokens, () => clock.now());
  taskTokens.onClose((token) => activities.settled(token));
  const tokens = new TaskTokenOperations(taskTokens);
  const registry = new MapRunRegistry();
  const host = new ExecutionHost({
    store,
    runExecution: options.engine.runExecution,
    clock,
    region: location.region,
    portsFor: (executionId) => portsFor(executionId),
    // Deferred, so whoever waited for the execution can still describe it before it is purged.
    onEnded: (stateMachineId) => {
      janitor.executionClosed();
      setImmediate(() => {
        if (!isClosed() && store.db.open) machines.purgeIfDeleted(stateMachineId);
      });
    },
    log,
    ...(options.logEvent === undefined ? {} : { logEvent: options.logEvent }),
  });
  const portsFor = enginePortsFactory({
    store,
    children: childRunPort(host),
    clock,
    ids,
    tasks,
    random,
    taskTokens,
    registry,
    ...(options.objects === undefined ? {} : { objects: options.objects }),
    recording: () => !isClosed() && store.db.open,
    log,
    ...(options.maxChildrenPerMapRun === undefined ? {} : { maxChildrenPerMapRun: options.maxChildrenPerMapRun }),
  });
  const definitions = new StateMachineDefinitions(options.engine);
  const mapRuns = new MapRunOperations(store, location, registry);
  const lookup = new ResourceLookup(store, location, mapRuns);
  const common = { store, location, clock, ids, definitions, lookup };
  const published = { versions, aliases };
  const machines = new StateMachineOperations({
    ...common,
    versions,
    tags,
    engine: options.engine,
    stopAllOf: (stateMachineId, reason) => host.stopAllOf(stateMachineId, reason),
    purgeInBackground: () => janitor.kick(),
  });
  const janitor = new Janitor({
    store,
    clock,
    log,
    ...(options.retention === undefined ? {} : { retention: options.retention }),
    ...(options.logsDir === undefined ? {} : { logsDir: options.logsDir }),
    onMachinePurged: () => machines.forgetDefinitions(),
  });
  const start = host.start.bind(host);
  const executions = new ExecutionOperations({
    ...common,
    redrives: new ExecutionRedrives({ store, clock, start }),
    start,
    stop: (executionId, reason) => host.stop(executionId, reason),
    whenEnded: (executionId) => host.whenEnded(executionId),
    ...(mocks === undefined ? {} : { mocks }),
    ...published,
    random,
  });
  const queries = new ExecutionQueries({ store, location, lookup, mapRuns, engine: options.engine, ...published });
  const testState = { engine: options.engine, location, ports: testStatePorts(clock, ids, tasks, random) };
  return {
    location,
    store,
    clock,
    ids,
    log,
    host,
    definitions,
    lookup,
    machines,
    executions,
    queries,
    tokens,
    mapRuns,
    versions,
    aliases,
    activities,
    tags,
    janitor,
    testState,
  };
}
