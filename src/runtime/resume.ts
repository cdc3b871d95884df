/**
 * Resuming after a crash: at start-up every top-level execution the store holds as RUNNING was being run by a
 * server that died (kill -9, OOM, power cut). Each goes back to the engine with its stored history
 * (`priorEvents`, `resume: true`): completed states are not re-run, the unfinished one goes on under its
 * original Entered event, Waits and the execution timeout keep their deadlines, and a Distributed Map there
 * continues its Map Run (src/map/map-run.ts: finished children kept, RUNNING children resumed). A Task that was
 * in flight runs again, after the engine closes its interrupted attempt: tasks are at-least-once and idempotent
 * (docs/reliability.md).
 */
import { type Clock, type HistoryEvent, redrivePoint, type StateMachineDefinition, type StopReason } from '../engine';
import type { ExecutionRecord } from '../store/executions';
import type { Store } from '../store/store';
import { executionArn, stateMachineArn, type ServiceLocation } from './arns';
import type { ExecutionHost } from './execution-host';

const PAGE = 500;

export interface ResumeDeps {
  store: Store;
  location: ServiceLocation;
  clock: Clock;
  /** The parsed definition of a state machine version (shared with new executions). */
  definition(versionId: number, text: string): StateMachineDefinition;
  /** Runs the execution through the engine in the background. */
  start: ExecutionHost['start'];
  /** Ends a RUNNING execution no engine runs with ABORTED (a machine deleted while it ran). */
  abort(executionId: number, reason: StopReason): Promise<void>;
  log: (line: string) => void;
}

export interface ResumeSummary {
  /** Executions handed back to the engine. */
  resumed: number;
  /** Executions of a machine being deleted when the server died: ended ABORTED, as the deletion asked. */
  aborted: number;
  /** Map Runs the crash left RUNNING that no resumed state continues: ended ABORTED. */
  abandonedMapRuns: number;
}

/** Resumes every top-level RUNNING execution. Map Run children are resumed by their Map Run. */
export function resumeExecutions(deps: ResumeDeps): ResumeSummary {
  const summary: ResumeSummary = { resumed: 0, aborted: 0, abandonedMapRuns: 0 };
  const { store } = deps;
  let afterId = 0;
  for (;;) {
    const page = store.executions.listRunning(afterId, PAGE);
    for (const row of page.items) {
      const execution = store.executions.getById(row.id);
      if (execution?.status === 'RUNNING') resumeOne(deps, execution, summary);
    }
    if (page.nextKey === undefined) break;
    afterId = page.nextKey;
  }
  if (summary.resumed + summary.aborted > 0) {
    deps.log(
      `resume: ${summary.resumed} execution(s) resumed, ${summary.aborted} aborted (machine deleted), ${summary.abandonedMapRuns} abandoned Map Run(s) closed`,
    );
  }
  return summary;
}

function resumeOne(deps: ResumeDeps, execution: ExecutionRecord, summary: ResumeSummary): void {
  const { store, location } = deps;
  const machine = store.stateMachines.getById(execution.stateMachineId);
  const version = store.stateMachines.getVersion(execution.versionId);
  const arn = machine === undefined ? `#${execution.id}` : executionArn(location, machine.name, execution.name);
  if (machine === undefined || version === undefined || machine.status === 'DELETING') {
    summary.aborted++;
    void deps
      .abort(execution.id, { error: 'States.Aborted', cause: 'The state machine was deleted.' })
      .catch((error: unknown) => deps.log(`resume: could not abort ${arn}: ${String(error)}`));
    return;
  }
  const priorEvents = readHistory(store, execution.id);
  summary.abandonedMapRuns += closeAbandonedMapRuns(deps, execution.id, priorEvents);
  const point = redrivePoint(priorEvents);
  deps.log(
    JSON.stringify({
      msg: 'resuming execution',
      executionArn: arn,
      ...(point === undefined ? {} : { stateName: point.stateName }),
      events: priorEvents.length,
    }),
  );
  summary.resumed++;
  deps.start(execution.stateMachineId, {
    executionId: execution.id,
    executionArn: arn,
    name: execution.name,
    inputText: execution.input,
    startDate: execution.startDate,
    redriveCount: execution.redriveCount,
    machine: {
      arn: stateMachineArn(location, machine.name),
      name: machine.name,
      roleArn: version.roleArn,
      definition: deps.definition(version.id, version.definition),
    },
    mode: 'resume',
    priorEvents,
  });
}

/**
 * Map Runs of the execution still RUNNING that the resumed state will not continue: one whose MapRunStarted
 * event the crash lost (the state starts a new one), or one inside a Parallel that is re-run as a whole. They
 * and their RUNNING children are closed ABORTED so nothing shows as running forever.
 */
function closeAbandonedMapRuns(deps: ResumeDeps, executionId: number, priorEvents: HistoryEvent[]): number {
  const { store } = deps;
  const continued = redrivePoint(priorEvents)?.mapRunArn;
  let closed = 0;
  let afterId: number | undefined;
  for (;;) {
    const page = store.mapRuns.list(executionId, afterId, PAGE);
    for (const run of page.items) {
      if (run.status !== 'RUNNING' || run.arn === continued) continue;
      const now = deps.clock.now();
      store.db.transaction(() => {
        store.childExecutions.abortRunning(run.arn, now);
        store.mapRuns.end(run.id, {
          status: 'ABORTED',
          stopDate: now,
          counts: run.counts,
          itemsStarted: run.itemsStarted,
        });
      })();
      closed++;
    }
    if (page.nextKey === undefined) return closed;
    afterId = page.nextKey;
  }
}

/** An execution's whole history, read a page at a time. */
export function readHistory(store: Store, executionId: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  let fromId: number | undefined;
  for (;;) {
    const page = store.history.page(executionId, { limit: 1000, ...(fromId === undefined ? {} : { fromId }) });
    events.push(...page.items);
    if (page.nextKey === undefined) return events;
    fromId = page.nextKey;
  }
}
