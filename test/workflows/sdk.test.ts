/**
 * The local endpoint driven through @aws-sdk/client-sfn, as users and the conformance harness drive it:
 * the real server on an ephemeral port, the real engine, a temporary data directory.
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidDefinition,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

const ROLE = 'arn:aws:iam::123456789012:role/sdk-test';

const TEN_STATES = JSON.stringify({
  Comment: 'a chain of Pass states',
  StartAt: 'S1',
  States: Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `S${i + 1}`,
      i < 9
        ? { Type: 'Pass', Result: { step: i + 1 }, ResultPath: `$.s${i + 1}`, Next: `S${i + 2}` }
        : { Type: 'Pass', End: true },
    ]),
  ),
});
const LONG_WAIT = JSON.stringify({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } });
const FAILING = JSON.stringify({
  StartAt: 'F',
  States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'it failed' } },
});

describe('the Step Functions API through @aws-sdk/client-sfn', () => {
  let endpoint: TestEndpoint;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'sdk' });
  });

  afterAll(() => endpoint.stop());

  async function untilDone(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const described = await endpoint.sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  let machineArn: string;
  let executionArn: string;

  it('creates, describes and lists a state machine', async () => {
    const created = await endpoint.sfn.send(
      new CreateStateMachineCommand({ name: 'ten', definition: TEN_STATES, roleArn: ROLE, type: 'STANDARD' }),
    );
    machineArn = created.stateMachineArn!;
    expect(machineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:ten');
    expect(created.creationDate).toBeInstanceOf(Date);
    expect(Math.abs(created.creationDate!.getTime() - Date.now())).toBeLessThan(60_000);

    const described = await endpoint.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    expect(described).toMatchObject({
      name: 'ten',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: TEN_STATES,
      roleArn: ROLE,
    });

    const listed = await endpoint.sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines!.map((m) => m.stateMachineArn)).toContain(machineArn);
  });

  it('runs an execution to SUCCEEDED with the engine output', async () => {
    const started = await endpoint.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'first', input: '{"in": true}' }),
    );
    executionArn = started.executionArn!;
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:ten:first');
    const done = await untilDone(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as Record<string, unknown>;
    expect(output).toEqual({
      in: true,
      s1: { step: 1 },
      s2: { step: 2 },
      s3: { step: 3 },
      s4: { step: 4 },
      s5: { step: 5 },
      s6: { step: 6 },
      s7: { step: 7 },
      s8: { step: 8 },
      s9: { step: 9 },
    });
    expect(done.error).toBeUndefined();
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());
  });

  it('reports a failed execution with its error and cause', async () => {
    const { stateMachineArn } = await endpoint.sfn.send(
      new CreateStateMachineCommand({ name: 'failing', definition: FAILING, roleArn: ROLE }),
    );
    const { executionArn: failedArn } = await endpoint.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const done = await untilDone(failedArn!);
    expect(done).toMatchObject({ status: 'FAILED', error: 'Custom.Error', cause: 'it failed' });
    expect(done.output).toBeUndefined();
  });

  it('pages the history forwards and in reverse', async () => {
    const all: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await endpoint.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken }));
      expect(page.events!.length).toBeLessThanOrEqual(5);
      all.push(...page.events!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    expect(all[0]).toMatchObject({ type: 'ExecutionStarted', previousEventId: 0 });
    expect(all[0]!.timestamp).toBeInstanceOf(Date);
    expect(all[all.length - 1]!.type).toBe('ExecutionSucceeded');
    expect(all.filter((e) => e.type === 'PassStateEntered')).toHaveLength(10);

    const reversed = await endpoint.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }),
    );
    expect(reversed.events!.map((e) => e.id)).toEqual([all.length, all.length - 1, all.length - 2]);
    const more = await endpoint.sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 3,
        nextToken: reversed.nextToken,
      }),
    );
    expect(more.events!.map((e) => e.id)).toEqual([all.length - 3, all.length - 4, all.length - 5]);
  });

  it('describes the state machine of an execution', async () => {
    const described = await endpoint.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(described).toMatchObject({
      stateMachineArn: machineArn,
      name: 'ten',
      definition: TEN_STATES,
      roleArn: ROLE,
    });
  });

  it('stops an execution waiting in a long Wait, and lists executions by status', async () => {
    const { stateMachineArn } = await endpoint.sfn.send(
      new CreateStateMachineCommand({ name: 'waiting', definition: LONG_WAIT, roleArn: ROLE }),
    );
    const { executionArn: waitingArn } = await endpoint.sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'w1' }),
    );
    const running = await endpoint.sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    expect(running.executions!.map((e) => e.name)).toEqual(['w1']);

    const stopped = await endpoint.sfn.send(
      new StopExecutionCommand({ executionArn: waitingArn, error: 'Stopped', cause: 'by the test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await endpoint.sfn.send(new DescribeExecutionCommand({ executionArn: waitingArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Stopped', cause: 'by the test' });
    const history = await endpoint.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: waitingArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(history.events![0]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Stopped', cause: 'by the test' },
    });

    await endpoint.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'w2' }));
    const listed = await endpoint.sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }));
    expect(listed.executions!.map((e) => [e.name, e.status])).toEqual([['w2', 'RUNNING']]);
    const next = await endpoint.sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 1, nextToken: listed.nextToken }),
    );
    expect(next.executions!.map((e) => [e.name, e.status])).toEqual([['w1', 'ABORTED']]);
  });

  it('delivers errors as the SDK typed exceptions', async () => {
    await expect(
      endpoint.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${machineArn}-missing` })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      endpoint.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'first', input: '{}' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const invalid = endpoint.sfn.send(
      new CreateStateMachineCommand({ name: 'bad', definition: '{"StartAt": "A"}', roleArn: ROLE }),
    );
    await expect(invalid).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(invalid).rejects.toThrow(/^Invalid State Machine Definition: '/);
    const tooMany = endpoint.sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, maxResults: 1001 }));
    await expect(tooMany).rejects.toBeInstanceOf(ValidationException);
    await expect(tooMany).rejects.toThrow(
      "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });

  it('validates a definition', async () => {
    const ok = await endpoint.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: TEN_STATES }));
    expect(ok.result).toBe('OK');
    const failed = await endpoint.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: '{}' }));
    expect(failed.result).toBe('FAIL');
    expect(failed.diagnostics!.length).toBeGreaterThan(0);
  });

  it('keeps machines, executions and histories across a restart', async () => {
    const before = await endpoint.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    await endpoint.restart();
    const described = await endpoint.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect((await endpoint.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }))).definition).toBe(
      TEN_STATES,
    );
    const after = await endpoint.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(after.events).toEqual(before.events);
    // The execution left running by the first server is still there, and can be stopped.
    const w2 = 'arn:aws:states:us-east-1:000000000000:execution:waiting:w2';
    expect((await endpoint.sfn.send(new DescribeExecutionCommand({ executionArn: w2 }))).status).toBe('RUNNING');
    await endpoint.sfn.send(new StopExecutionCommand({ executionArn: w2 }));
    expect((await endpoint.sfn.send(new DescribeExecutionCommand({ executionArn: w2 }))).status).toBe('ABORTED');
  });

  it('deletes a state machine: DELETING at once, as on AWS, then gone once the background purge ran', async () => {
    await endpoint.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machineArn }));
    let error: unknown;
    for (let i = 0; i < 100 && error === undefined; i++) {
      try {
        const { status } = await endpoint.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
        expect(status).toBe('DELETING');
        await new Promise((resolve) => setTimeout(resolve, 20));
      } catch (caught) {
        error = caught;
      }
    }
    expect(error).toBeInstanceOf(StateMachineDoesNotExist);
  });
});
