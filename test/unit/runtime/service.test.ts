import { isWireError } from '../../../src/protocol/wire-error';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { CALLBACK, FAIL, PASS, TASK, WAIT, fakeEngine } from './fake-engine';
import { ROLE, SM, errorOf } from './service-fixture';

async function asyncCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (isWireError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('LocalStepFunctions', () => {
  let store: Store;
  let service: LocalStepFunctions;
  beforeEach(() => {
    store = Store.inMemory();
    service = new LocalStepFunctions({ store, engine: fakeEngine });
  });
  afterEach(() => service.close());

  const create = (name: string, definition = PASS): string =>
    service.createStateMachine({ name, definition, roleArn: ROLE }).stateMachineArn!;

  describe('state machines', () => {
    it('creates, describes and lists a machine', () => {
      const arn = create('m1');
      expect(arn).toBe(`${SM}m1`);
      expect(service.describeStateMachine({ stateMachineArn: arn })).toMatchObject({
        stateMachineArn: arn,
        name: 'm1',
        status: 'ACTIVE',
        definition: PASS,
        roleArn: ROLE,
        type: 'STANDARD',
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      });
      expect(service.describeStateMachine({ stateMachineArn: arn }).revisionId).toBeUndefined();
      expect(service.listStateMachines({}).stateMachines).toEqual([
        { stateMachineArn: arn, name: 'm1', type: 'STANDARD', creationDate: expect.any(Date) },
      ]);
    });

    it('is idempotent for an identical create and refuses a different one', () => {
      const arn = create('m1');
      expect(create('m1')).toBe(arn);
      expect(errorOf(() => create('m1', WAIT))).toBe(
        `StateMachineAlreadyExists: State Machine Already Exists: '${arn}'`,
      );
    });

    it('rejects bad names, definitions and ARNs naming the field or the reason', () => {
      expect(errorOf(() => create('a b'))).toBe("InvalidName: Invalid Name: 'a b'");
      expect(errorOf(() => create('x'.repeat(81)))).toMatch(
        /^ValidationException: 1 validation error detected: Value 'x+' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80$/,
      );
      expect(errorOf(() => service.createStateMachine({ name: 'm', roleArn: ROLE }))).toBe(
        "ValidationException: 1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
      );
      expect(errorOf(() => create('m', '{"StartAt":"x"}'))).toBe(
        "InvalidDefinition: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
      );
      expect(errorOf(() => service.describeStateMachine({ stateMachineArn: 'not_a_valid_arn' }))).toBe(
        "InvalidArn: Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'",
      );
      expect(errorOf(() => service.describeStateMachine({ stateMachineArn: `${SM}nope` }))).toBe(
        `StateMachineDoesNotExist: State Machine Does Not Exist: '${SM}nope'`,
      );
      expect(errorOf(() => service.listStateMachines({ maxResults: 1001 }))).toBe(
        "ValidationException: 1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      );
      expect(errorOf(() => service.listStateMachines({ nextToken: 'garbage' }))).toMatch(/^InvalidToken/);
    });

    it('updates: a new revision for a change, the same revision for no change', () => {
      const arn = create('m1');
      expect(errorOf(() => service.updateStateMachine({ stateMachineArn: arn }))).toMatch(/^MissingRequiredParameter/);
      const first = service.updateStateMachine({ stateMachineArn: arn, definition: WAIT });
      expect(first.revisionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(service.updateStateMachine({ stateMachineArn: arn, definition: WAIT }).revisionId).toBe(first.revisionId);
      const second = service.updateStateMachine({
        stateMachineArn: arn,
        roleArn: 'arn:aws:iam::123456789012:role/other',
      });
      expect(second.revisionId).not.toBe(first.revisionId);
      expect(service.describeStateMachine({ stateMachineArn: arn })).toMatchObject({
        definition: WAIT,
        roleArn: 'arn:aws:iam::123456789012:role/other',
        revisionId: second.revisionId,
      });
    });

    it('pages ListStateMachines by name', () => {
      for (const n of ['c', 'a', 'b']) create(n);
      const first = service.listStateMachines({ maxResults: 2 });
      expect(first.stateMachines!.map((m) => m.name)).toEqual(['a', 'b']);
      const rest = service.listStateMachines({ maxResults: 2, nextToken: first.nextToken! });
      expect(rest.stateMachines!.map((m) => m.name)).toEqual(['c']);
      expect(rest.nextToken).toBeUndefined();
    });

    it('deletes at once when nothing runs, and succeeds for a machine that does not exist', () => {
      const arn = create('m1');
      expect(service.deleteStateMachine({ stateMachineArn: arn })).toEqual({});
      expect(errorOf(() => service.describeStateMachine({ stateMachineArn: arn }))).toMatch(
        /^StateMachineDoesNotExist/,
      );
      expect(service.deleteStateMachine({ stateMachineArn: arn })).toEqual({});
    });

    it('stops running executions on delete and removes the machine once they ended', async () => {
      const arn = create('m1', WAIT);
      const { executionArn } = service.startExecution({ stateMachineArn: arn });
      service.deleteStateMachine({ stateMachineArn: arn });
      expect(service.describeStateMachine({ stateMachineArn: arn }).status).toBe('DELETING');
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn }))).toMatch(/^StateMachineDeleting/);
      await expect(service.waitForExecution(executionArn!)).resolves.toMatchObject({ status: 'ABORTED' });
      await new Promise((resolve) => setImmediate(resolve));
      // Removed in the background, in bounded slices.
      await service.janitor.run();
      expect(errorOf(() => service.describeStateMachine({ stateMachineArn: arn }))).toMatch(
        /^StateMachineDoesNotExist/,
      );
    });

    it('validates a definition, filtering warnings by severity', () => {
      expect(service.validateStateMachineDefinition({ definition: PASS })).toEqual({
        result: 'OK',
        diagnostics: [],
        truncated: false,
      });
      expect(
        service.validateStateMachineDefinition({ definition: PASS, severity: 'WARNING' }).diagnostics,
      ).toHaveLength(1);
      const failed = service.validateStateMachineDefinition({ definition: '{}', maxResults: 1, severity: 'WARNING' });
      expect(failed).toMatchObject({ result: 'FAIL', truncated: true });
      expect(failed.diagnostics).toHaveLength(1);
    });
  });

  describe('executions', () => {
    it('runs an execution to the end and describes it', async () => {
      const arn = create('m1');
      const started = service.startExecution({ stateMachineArn: arn, name: 'e1', input: '{"a": 1}' });
      expect(started.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:m1:e1');
      const done = await service.waitForExecution(started.executionArn!);
      expect(done).toEqual({
        executionArn: started.executionArn,
        stateMachineArn: arn,
        name: 'e1',
        status: 'SUCCEEDED',
        startDate: started.startDate,
        stopDate: expect.any(Date),
        input: '{"a": 1}',
        inputDetails: { included: true },
        output: '{"a": 1}',
        outputDetails: { included: true },
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      });
      expect(
        service.describeExecution({ executionArn: started.executionArn!, includedData: 'METADATA_ONLY' }).input,
      ).toBeUndefined();
    });

    it('reports error and cause only when present', async () => {
      const arn = create('m1', FAIL);
      const { executionArn } = service.startExecution({ stateMachineArn: arn });
      const done = await service.waitForExecution(executionArn!);
      expect(done).toMatchObject({ status: 'FAILED', error: 'Boom', cause: 'it broke', redriveStatus: 'REDRIVABLE' });
      expect('output' in done).toBe(false);
      const ok = await service.waitForExecution(
        service.startExecution({ stateMachineArn: create('m2') }).executionArn!,
      );
      expect('error' in ok || 'cause' in ok).toBe(false);
    });

    it('names an execution with a UUID when no name is given', () => {
      const { executionArn } = service.startExecution({ stateMachineArn: create('m1') });
      expect(executionArn).toMatch(/:execution:m1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('is idempotent by name and input while running, ExecutionAlreadyExists otherwise', async () => {
      const arn = create('m1', WAIT);
      const first = service.startExecution({ stateMachineArn: arn, name: 'e', input: '{}' });
      expect(service.startExecution({ stateMachineArn: arn, name: 'e', input: '{}' })).toEqual(first);
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, name: 'e', input: '{"x":1}' }))).toBe(
        `ExecutionAlreadyExists: Execution Already Exists: '${first.executionArn}'`,
      );
      await service.stopExecution({ executionArn: first.executionArn! });
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, name: 'e', input: '{}' }))).toMatch(
        /^ExecutionAlreadyExists/,
      );
    });

    it('checks input and name in the order AWS does', () => {
      const arn = create('m1');
      const missing = `${SM}missing`;
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, input: 'not json' }))).toBe(
        "InvalidExecutionInput: Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'",
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, input: "{'a': 1}" }))).toBe(
        "InvalidExecutionInput: Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'",
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, input: '' }))).toBe(
        "InvalidExecutionInput: Invalid State Machine Execution Input: 'Invalid execution input.'",
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, input: `"${'a'.repeat(262144)}"` }))).toBe(
        "ValidationException: 1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: missing, name: 'a b', input: '{' }))).toMatch(
        /^StateMachineDoesNotExist/,
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: missing, name: 'x'.repeat(81) }))).toMatch(
        /^ValidationException/,
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, name: 'a/b' }))).toBe(
        "InvalidName: Invalid Name: 'a/b'",
      );
      expect(errorOf(() => service.startExecution({ stateMachineArn: arn, input: 42 }))).toMatch(
        /^ValidationException: .*input/,
      );
      expect(service.startExecution({ stateMachineArn: arn, input: '42' }).executionArn).toBeDefined();
    });

    it('stops a running execution with the given error and cause', async () => {
      const arn = create('m1', WAIT);
      const { executionArn } = service.startExecution({ stateMachineArn: arn });
      const before = Date.now();
      const { stopDate } = await service.stopExecution({ executionArn: executionArn!, error: 'Err', cause: 'Because' });
      expect(stopDate!.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(service.describeExecution({ executionArn: executionArn! })).toMatchObject({
        status: 'ABORTED',
        error: 'Err',
        cause: 'Because',
      });
      expect(service.runningCount).toBe(0);
    });

    it('lists executions newest first with a status filter and pages', async () => {
      const arn = create('m1', WAIT);
      const running = service.startExecution({ stateMachineArn: arn, name: 'a' });
      service.startExecution({ stateMachineArn: arn, name: 'b' });
      service.startExecution({ stateMachineArn: arn, name: 'c' });
      await service.stopExecution({ executionArn: running.executionArn! });
      const page = service.listExecutions({ stateMachineArn: arn, maxResults: 2 });
      expect(page.executions!.map((e) => e.name)).toEqual(['c', 'b']);
      const rest = service.listExecutions({ stateMachineArn: arn, maxResults: 2, nextToken: page.nextToken! });
      expect(rest.executions!.map((e) => [e.name, e.status])).toEqual([['a', 'ABORTED']]);
      expect(rest.executions![0]!.stopDate).toBeInstanceOf(Date);
      expect(
        service.listExecutions({ stateMachineArn: arn, statusFilter: 'RUNNING' }).executions!.map((e) => e.name),
      ).toEqual(['c', 'b']);
      expect(errorOf(() => service.listExecutions({ stateMachineArn: arn, statusFilter: 'succeeded' }))).toBe(
        "ValidationException: 1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
      );
      expect(errorOf(() => service.listExecutions({ stateMachineArn: 'invalid_state_machine_arn' }))).toBe(
        "InvalidArn: Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'",
      );
    });

    it('pages the history both ways and can leave payloads out', async () => {
      const { executionArn } = service.startExecution({ stateMachineArn: create('m1'), input: '{"k":"v"}' });
      await service.waitForExecution(executionArn!);
      const all = service.getExecutionHistory({ executionArn: executionArn! });
      expect(all.events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionSucceeded']);
      expect(all.events![0]!.timestamp).toBeInstanceOf(Date);
      expect(all.nextToken).toBeUndefined();
      const first = service.getExecutionHistory({ executionArn: executionArn!, maxResults: 2, reverseOrder: true });
      expect(first.events!.map((e) => e.id)).toEqual([3, 2]);
      const rest = service.getExecutionHistory({
        executionArn: executionArn!,
        maxResults: 2,
        reverseOrder: true,
        nextToken: first.nextToken!,
      });
      expect(rest.events!.map((e) => e.id)).toEqual([1]);
      const bare = service.getExecutionHistory({ executionArn: executionArn!, includeExecutionData: false });
      expect(bare.events![0]!.executionStartedEventDetails).toEqual({
        inputDetails: { truncated: false },
        roleArn: ROLE,
      });
      expect(errorOf(() => service.getExecutionHistory({ executionArn: `${executionArn!}x` }))).toMatch(
        /^ExecutionDoesNotExist: Execution Does Not Exist: '/,
      );
      expect(
        errorOf(() => service.getExecutionHistory({ executionArn: executionArn!, nextToken: 'x'.repeat(3097) })),
      ).toMatch(
        /^ValidationException: .* at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 3096$/,
      );
    });

    it('describes the definition an execution started with, after an update', async () => {
      const arn = create('m1');
      const { executionArn } = service.startExecution({ stateMachineArn: arn });
      await service.waitForExecution(executionArn!);
      service.updateStateMachine({ stateMachineArn: arn, definition: WAIT });
      expect(service.describeStateMachineForExecution({ executionArn: executionArn! })).toMatchObject({
        stateMachineArn: arn,
        name: 'm1',
        definition: PASS,
        roleArn: ROLE,
        updateDate: expect.any(Date),
      });
    });

    it('fails a Task whose resource no runner knows, naming the resource', async () => {
      const { executionArn } = service.startExecution({ stateMachineArn: create('m1', TASK) });
      const done = await service.waitForExecution(executionArn!);
      expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
      expect(done.cause).toContain("'arn:aws:states:::ecs:runTask.sync'");
    });
  });

  describe('task tokens', () => {
    async function tokenOf(executionArn: string): Promise<string> {
      for (;;) {
        const events = service.getExecutionHistory({ executionArn }).events!;
        const scheduled = events.find((e) => e.type === 'TaskScheduled');
        if (scheduled) return (JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { token: string }).token;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }

    it('completes a waiting task with SendTaskSuccess, then calls the token closed', async () => {
      const { executionArn } = service.startExecution({ stateMachineArn: create('m1', CALLBACK) });
      const token = await tokenOf(executionArn!);
      expect(store.taskTokens.executionOf(token)).toBeDefined();
      expect(service.sendTaskHeartbeat({ taskToken: token })).toEqual({});
      expect(errorOf(() => service.sendTaskSuccess({ taskToken: token, output: 'nope' }))).toMatch(/^InvalidOutput/);
      expect(service.sendTaskSuccess({ taskToken: token, output: '{"done":true}' })).toEqual({});
      expect(await service.waitForExecution(executionArn!)).toMatchObject({
        status: 'SUCCEEDED',
        output: '{"done":true}',
      });
      expect(store.taskTokens.executionOf(token)).toBeUndefined();
      expect(errorOf(() => service.sendTaskSuccess({ taskToken: token, output: '{}' }))).toMatch(/^TaskTimedOut/);
    });

    it('fails a waiting task with SendTaskFailure', async () => {
      const { executionArn } = service.startExecution({ stateMachineArn: create('m1', CALLBACK) });
      const token = await tokenOf(executionArn!);
      service.sendTaskFailure({ taskToken: token, error: 'MyError', cause: 'my cause' });
      expect(await service.waitForExecution(executionArn!)).toMatchObject({
        status: 'FAILED',
        error: 'MyError',
        cause: 'my cause',
      });
    });

    it('tells unknown and malformed tokens apart', () => {
      expect(errorOf(() => service.sendTaskHeartbeat({ taskToken: 'AAAA' }))).toMatch(/^TaskDoesNotExist/);
      expect(errorOf(() => service.sendTaskHeartbeat({ taskToken: 'not a token!' }))).toMatch(/^InvalidToken/);
      expect(errorOf(() => service.sendTaskHeartbeat({ taskToken: 'x'.repeat(2049) }))).toMatch(/^ValidationException/);
    });
  });

  describe('closing', () => {
    it('leaves running executions RUNNING with their history, and they can still be stopped later', async () => {
      const arn = create('m1', WAIT);
      const { executionArn } = service.startExecution({ stateMachineArn: arn });
      const waiting = service.waitForExecution(executionArn!);
      service['rooms'].host.close();
      await expect(waiting).rejects.toThrow(/closed/);
      const restarted = new LocalStepFunctions({ store, engine: fakeEngine });
      expect(restarted.describeExecution({ executionArn: executionArn! }).status).toBe('RUNNING');
      expect(restarted.getExecutionHistory({ executionArn: executionArn! }).events!.map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'WaitStateEntered',
      ]);
      expect(
        await asyncCodeOf(restarted.stopExecution({ executionArn: executionArn!, cause: 'later' })),
      ).toBeUndefined();
      expect(restarted.describeExecution({ executionArn: executionArn! })).toMatchObject({
        status: 'ABORTED',
        cause: 'later',
      });
      const events = restarted.getExecutionHistory({
        executionArn: executionArn!,
        reverseOrder: true,
        maxResults: 1,
      }).events!;
      expect(events[0]).toMatchObject({
        id: 3,
        type: 'ExecutionAborted',
        executionAbortedEventDetails: { cause: 'later' },
      });
    });
  });
});
