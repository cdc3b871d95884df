import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { ROLE, SM, errorOf } from './service-fixture';

const definition = (result: string): string =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

describe('state machine aliases', () => {
  let service: LocalStepFunctions;
  let rolls: number[];
  beforeEach(() => {
    rolls = [];
    service = new LocalStepFunctions({
      store: Store.inMemory(),
      engine: defaultEngine,
      random: () => rolls.shift() ?? 0,
    });
    service.createStateMachine({ name: 'm', definition: definition('one'), roleArn: ROLE, publish: true });
    service.updateStateMachine({ stateMachineArn: `${SM}m`, definition: definition('two'), publish: true });
  });
  afterEach(() => service.close());

  const routing = [
    { stateMachineVersionArn: `${SM}m:1`, weight: 80 },
    { stateMachineVersionArn: `${SM}m:2`, weight: 20 },
  ];

  it('creates, describes, lists, updates and deletes an alias', () => {
    const created = service.aliases.createStateMachineAlias({ name: 'live', routingConfiguration: routing });
    expect(created.stateMachineAliasArn).toBe(`${SM}m:live`);
    expect(service.aliases.createStateMachineAlias({ name: 'live', routingConfiguration: routing })).toEqual(created);
    expect(service.aliases.describeStateMachineAlias({ stateMachineAliasArn: `${SM}m:live` })).toMatchObject({
      name: 'live',
      routingConfiguration: routing,
    });
    expect(service.aliases.listStateMachineAliases({ stateMachineArn: `${SM}m` }).stateMachineAliases).toEqual([
      { stateMachineAliasArn: `${SM}m:live`, creationDate: expect.any(Date) },
    ]);
    service.aliases.updateStateMachineAlias({
      stateMachineAliasArn: `${SM}m:live`,
      routingConfiguration: [{ stateMachineVersionArn: `${SM}m:2`, weight: 100 }],
    });
    expect(
      service.aliases.describeStateMachineAlias({ stateMachineAliasArn: `${SM}m:live` }).routingConfiguration,
    ).toEqual([{ stateMachineVersionArn: `${SM}m:2`, weight: 100 }]);
    service.aliases.deleteStateMachineAlias({ stateMachineAliasArn: `${SM}m:live` });
    expect(errorOf(() => service.aliases.describeStateMachineAlias({ stateMachineAliasArn: `${SM}m:live` }))).toMatch(
      /^ResourceNotFound/,
    );
  });

  it('refuses weights that do not sum to 100 and versions that do not exist', () => {
    expect(
      errorOf(() =>
        service.aliases.createStateMachineAlias({
          name: 'a',
          routingConfiguration: [{ stateMachineVersionArn: `${SM}m:1`, weight: 50 }],
        }),
      ),
    ).toBe('ValidationException: Sum of routing configuration weights must be equal to 100');
    expect(
      errorOf(() =>
        service.aliases.createStateMachineAlias({
          name: 'a',
          routingConfiguration: [{ stateMachineVersionArn: `${SM}m:9`, weight: 100 }],
        }),
      ),
    ).toBe(`ResourceNotFound: Resource not found: '${SM}m:9'`);
  });

  it('refuses to delete a version an alias routes to', () => {
    service.aliases.createStateMachineAlias({ name: 'live', routingConfiguration: routing });
    expect(errorOf(() => service.versions.deleteStateMachineVersion({ stateMachineVersionArn: `${SM}m:2` }))).toMatch(
      /^ConflictException: Version to be deleted must not be referenced by an alias/,
    );
  });

  it('routes executions by weight and records the alias and the version', async () => {
    service.aliases.createStateMachineAlias({ name: 'live', routingConfiguration: routing });
    rolls = [0.1, 0.85];
    const a = service.startExecution({ stateMachineArn: `${SM}m:live` }).executionArn!;
    const b = service.startExecution({ stateMachineArn: `${SM}m:live` }).executionArn!;
    expect(await service.waitForExecution(a)).toMatchObject({
      output: '"one"',
      stateMachineVersionArn: `${SM}m:1`,
      stateMachineAliasArn: `${SM}m:live`,
    });
    expect(await service.waitForExecution(b)).toMatchObject({ output: '"two"', stateMachineVersionArn: `${SM}m:2` });
    expect(service.listExecutions({ stateMachineArn: `${SM}m:live` }).executions).toHaveLength(2);
    expect(service.listExecutions({ stateMachineArn: `${SM}m:2` }).executions!.map((e) => e.executionArn)).toEqual([b]);
  });
});
