import { isWireError } from '../../../src/protocol/wire-error';
import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { VirtualClock } from '../../support/virtual-clock';
import { ROLE, SM } from './service-fixture';

const ACTIVITY = 'arn:aws:states:us-east-1:000000000000:activity:';

async function errorOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    if (isWireError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

const machine = (activityArn: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: activityArn, Parameters: { 'n.$': '$.n' }, ...extra, End: true },
    },
  });

describe('activities', () => {
  let clock: VirtualClock;
  let service: LocalStepFunctions;
  beforeEach(() => {
    clock = new VirtualClock(Date.UTC(2026, 0, 1), false);
    service = new LocalStepFunctions({ store: Store.inMemory(), engine: defaultEngine, clock });
  });
  afterEach(() => service.close());

  it('creates (idempotently), describes, lists and deletes an activity', async () => {
    const created = service.activities.createActivity({ name: 'resize' });
    expect(created.activityArn).toBe(`${ACTIVITY}resize`);
    expect(service.activities.createActivity({ name: 'resize' })).toEqual(created);
    expect(service.activities.describeActivity({ activityArn: created.activityArn })).toEqual({
      activityArn: created.activityArn,
      name: 'resize',
      creationDate: created.creationDate,
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    });
    expect(service.activities.listActivities({}).activities).toEqual([
      { activityArn: created.activityArn, name: 'resize', creationDate: created.creationDate },
    ]);
    service.activities.deleteActivity({ activityArn: created.activityArn });
    service.activities.deleteActivity({ activityArn: created.activityArn });
    expect(await errorOf(() => service.activities.describeActivity({ activityArn: created.activityArn }))).toBe(
      `ActivityDoesNotExist: Activity Does Not Exist: '${ACTIVITY}resize'`,
    );
    expect(await errorOf(() => service.activities.getActivityTask({ activityArn: created.activityArn }))).toMatch(
      /^ActivityDoesNotExist/,
    );
    expect(await errorOf(() => service.activities.createActivity({ name: 'a b' }))).toBe(
      "InvalidName: Invalid Name: 'a b'",
    );
    expect(await errorOf(() => service.activities.describeActivity({ activityArn: 'nope' }))).toBe(
      "InvalidArn: Invalid Arn: 'Invalid ARN prefix: nope'",
    );
  });

  it('answers a poll with no task after the poll time', async () => {
    service.activities.createActivity({ name: 'idle' });
    expect(await service.activities.getActivityTask({ activityArn: `${ACTIVITY}idle` }, undefined, 10)).toEqual({});
  });

  it('hands a task to a worker and completes the state with its answer, with the Activity events', async () => {
    const { activityArn } = service.activities.createActivity({ name: 'double' });
    service.createStateMachine({ name: 'm', definition: machine(activityArn!), roleArn: ROLE });
    const { executionArn } = service.startExecution({ stateMachineArn: `${SM}m`, input: '{"n":21}' });
    const task = await service.activities.getActivityTask({ activityArn, workerName: 'w1' });
    expect(JSON.parse(task.input!)).toEqual({ n: 21 });
    expect(service.activities.pendingTasks()[0]?.running).toHaveLength(1);
    service.sendTaskHeartbeat({ taskToken: task.taskToken });
    service.sendTaskSuccess({ taskToken: task.taskToken, output: '{"n":42}' });
    expect(await service.waitForExecution(executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '{"n":42}' });
    expect(service.activities.pendingTasks()).toEqual([]);
    const events = service.getExecutionHistory({ executionArn }).events!;
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]?.activityScheduledEventDetails).toEqual({
      resource: activityArn,
      input: '{"n":21}',
      inputDetails: { truncated: false },
    });
    expect(events[3]?.activityStartedEventDetails).toEqual({ workerName: 'w1' });
  });

  it('a poll waiting before the task is scheduled receives it', async () => {
    const { activityArn } = service.activities.createActivity({ name: 'early' });
    service.createStateMachine({ name: 'm', definition: machine(activityArn!), roleArn: ROLE });
    const poll = service.activities.getActivityTask({ activityArn });
    const { executionArn } = service.startExecution({ stateMachineArn: `${SM}m`, input: '{"n":1}' });
    const task = await poll;
    service.sendTaskFailure({ taskToken: task.taskToken, error: 'Bad', cause: 'no' });
    expect(await service.waitForExecution(executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'Bad',
      cause: 'no',
    });
    const types = service.getExecutionHistory({ executionArn }).events!.map((e) => e.type);
    expect(types).toContain('ActivityFailed');
  });

  it('times out a task whose worker stops heartbeating; a late answer gets TaskTimedOut', async () => {
    const { activityArn } = service.activities.createActivity({ name: 'slow' });
    service.createStateMachine({
      name: 'm',
      definition: machine(activityArn!, { HeartbeatSeconds: 5, TimeoutSeconds: 60 }),
      roleArn: ROLE,
    });
    const { executionArn } = service.startExecution({ stateMachineArn: `${SM}m`, input: '{"n":1}' });
    const task = await service.activities.getActivityTask({ activityArn });
    await clock.advance(6000);
    expect(await service.waitForExecution(executionArn!)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const events = service.getExecutionHistory({ executionArn }).events!;
    expect(events.find((e) => e.type === 'ActivityScheduled')?.activityScheduledEventDetails).toMatchObject({
      heartbeatInSeconds: 5,
      timeoutInSeconds: 60,
    });
    expect(events.map((e) => e.type)).toContain('ActivityTimedOut');
    expect(await errorOf(() => service.sendTaskSuccess({ taskToken: task.taskToken, output: '{}' }))).toMatch(
      /^TaskTimedOut/,
    );
  });

  it('refuses an activity Task in an EXPRESS machine', async () => {
    const { activityArn } = service.activities.createActivity({ name: 'x' });
    expect(
      await errorOf(() =>
        service.createStateMachine({ name: 'e', definition: machine(activityArn!), roleArn: ROLE, type: 'EXPRESS' }),
      ),
    ).toBe(
      "InvalidDefinition: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/Work/Resource'",
    );
  });
});
