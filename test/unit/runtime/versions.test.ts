import type { LocalStepFunctions } from '../../../src/runtime/service';
import { ROLE, SM, errorOf, inMemoryService } from './service-fixture';

const definition = (comment: string): string =>
  JSON.stringify({ Comment: comment, StartAt: 'P', States: { P: { Type: 'Pass', Result: comment, End: true } } });

describe('state machine versions', () => {
  let service: LocalStepFunctions;
  beforeEach(() => (service = inMemoryService()));
  afterEach(() => service.close());

  it('publishes on create and describes the version with its description', () => {
    const created = service.createStateMachine({
      name: 'm',
      definition: definition('v1'),
      roleArn: ROLE,
      publish: true,
      versionDescription: 'first',
    });
    expect(created.stateMachineVersionArn).toBe(`${SM}m:1`);
    const version = service.describeStateMachine({ stateMachineArn: `${SM}m:1` });
    expect(version).toMatchObject({ stateMachineArn: `${SM}m:1`, name: 'm', description: 'first' });
    expect(version.revisionId).toBeUndefined();
    expect(service.describeStateMachine({ stateMachineArn: `${SM}m` }).description).toBeUndefined();
  });

  it('refuses versionDescription without publish', () => {
    expect(
      errorOf(() =>
        service.createStateMachine({ name: 'm', definition: definition('a'), roleArn: ROLE, versionDescription: 'x' }),
      ),
    ).toBe('ValidationException: Version description can only be set when publish is true');
  });

  it('keeps a version immutable after the machine is updated, and numbers never come back', () => {
    service.createStateMachine({ name: 'm', definition: definition('v1'), roleArn: ROLE, publish: true });
    const update = service.updateStateMachine({
      stateMachineArn: `${SM}m`,
      definition: definition('v2'),
      publish: true,
    });
    expect(update.stateMachineVersionArn).toBe(`${SM}m:2`);
    expect(update.revisionId).toEqual(expect.any(String));
    expect(JSON.parse(service.describeStateMachine({ stateMachineArn: `${SM}m:1` }).definition!)).toMatchObject({
      Comment: 'v1',
    });
    expect(service.describeStateMachine({ stateMachineArn: `${SM}m:2` }).revisionId).toBe(update.revisionId);
    service.versions.deleteStateMachineVersion({ stateMachineVersionArn: `${SM}m:2` });
    expect(service.versions.publishStateMachineVersion({ stateMachineArn: `${SM}m` }).stateMachineVersionArn).toBe(
      `${SM}m:3`,
    );
    expect(
      service.versions
        .listStateMachineVersions({ stateMachineArn: `${SM}m` })
        .stateMachineVersions!.map((v) => v.stateMachineVersionArn),
    ).toEqual([`${SM}m:3`, `${SM}m:1`]);
  });

  it('answers the same version for an unchanged revision and checks revisionId', () => {
    service.createStateMachine({ name: 'm', definition: definition('v1'), roleArn: ROLE });
    const first = service.versions.publishStateMachineVersion({ stateMachineArn: `${SM}m` });
    const again = service.versions.publishStateMachineVersion({ stateMachineArn: `${SM}m` });
    expect(again).toEqual(first);
    const r2 = service.updateStateMachine({ stateMachineArn: `${SM}m`, definition: definition('v2') }).revisionId!;
    const r3 = service.updateStateMachine({ stateMachineArn: `${SM}m`, definition: definition('v3') }).revisionId!;
    expect(
      errorOf(() => service.versions.publishStateMachineVersion({ stateMachineArn: `${SM}m`, revisionId: r2 })),
    ).toBe(
      `ConflictException: Failed to publish the State Machine version for revision ${r2}. The current State Machine revision is ${r3}.`,
    );
  });

  it('answers an unchanged update without a new revision', () => {
    service.createStateMachine({ name: 'm', definition: definition('v1'), roleArn: ROLE });
    expect(service.updateStateMachine({ stateMachineArn: `${SM}m`, definition: definition('v1') }).revisionId).toBe(
      undefined,
    );
  });

  it('runs an execution of a version with that version and records it', async () => {
    service.createStateMachine({ name: 'm', definition: definition('v1'), roleArn: ROLE, publish: true });
    service.updateStateMachine({ stateMachineArn: `${SM}m`, definition: definition('v2') });
    const { executionArn } = service.startExecution({ stateMachineArn: `${SM}m:1` });
    const ended = await service.waitForExecution(executionArn!);
    expect(ended).toMatchObject({ status: 'SUCCEEDED', output: '"v1"', stateMachineVersionArn: `${SM}m:1` });
    const latest = service.startExecution({ stateMachineArn: `${SM}m` });
    expect((await service.waitForExecution(latest.executionArn!)).output).toBe('"v2"');
    const ofVersion = service.listExecutions({ stateMachineArn: `${SM}m:1` }).executions!;
    expect(ofVersion.map((e) => e.executionArn)).toEqual([executionArn]);
    expect(service.listExecutions({ stateMachineArn: `${SM}m` }).executions).toHaveLength(2);
  });

  it('refuses version ARNs where only a machine ARN is meant', () => {
    service.createStateMachine({ name: 'm', definition: definition('v1'), roleArn: ROLE, publish: true });
    expect(
      errorOf(() => service.updateStateMachine({ stateMachineArn: `${SM}m:1`, definition: definition('x') })),
    ).toBe(`StateMachineDoesNotExist: State Machine Does Not Exist: '${SM}m:1'`);
    expect(errorOf(() => service.describeStateMachine({ stateMachineArn: `${SM}m:7` }))).toBe(
      `StateMachineDoesNotExist: State Machine Does Not Exist: '${SM}m:7'`,
    );
    expect(errorOf(() => service.versions.publishStateMachineVersion({ stateMachineArn: 'invalid_arn' }))).toBe(
      "InvalidArn: Invalid Arn: 'Invalid ARN prefix: invalid_arn'",
    );
  });

  it('describes encryption and variable references', () => {
    const text = JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'v.$': '$x', 'w.$': 'States.Format($x, $y)' }, End: true },
      },
    });
    service.createStateMachine({ name: 'm', definition: text, roleArn: ROLE });
    expect(service.describeStateMachine({ stateMachineArn: `${SM}m` })).toMatchObject({
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
      variableReferences: { B: ['x', 'y'] },
    });
  });
});
