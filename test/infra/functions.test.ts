/**
 * Lambda functions deployed from the local profile's declarations (infra/functions.ts): code asset, runtime,
 * handler, memory, timeout, environment and reserved concurrency as declared; a role per function that only writes
 * its own log group (plus the callback its workflow expects of it); an alias for each qualified call, on the
 * version the deploy publishes; the state machine allowed to invoke exactly the functions and aliases it names.
 * cdk-nag and cfn-lint clean.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildStack, FIXTURES, type Built } from './support';

type Resource = { Type: string; Properties: Record<string, unknown> };

const FUNCTIONS = join(FIXTURES, 'functions');
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

describe('the stack over a profile that declares functions', () => {
  let built: Built;
  beforeAll(() => {
    built = buildStack({
      workflowsDirectory: join(FUNCTIONS, 'workflows'),
      profileFile: join(FUNCTIONS, 'fanout.local.json'),
    });
  });

  const resources = (type: string): Record<string, Resource> =>
    built.template.findResources(type) as Record<string, Resource>;
  const logicalId = (name: string): string =>
    built.stack.getLogicalId(built.stack.functions.deployed.get(name)!.node.defaultChild as never);

  it('deploys each function a substitution names, as the profile declares it, and no other', () => {
    expect([...built.stack.functions.deployed.keys()].sort()).toEqual(['prepare', 'score']);
    const prepare = resources('AWS::Lambda::Function')[logicalId('prepare')]!.Properties;
    expect(prepare).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 30,
      ReservedConcurrentExecutions: 4,
      Environment: { Variables: { STAGE: 'prod' } },
      Code: { S3Bucket: expect.anything(), S3Key: expect.stringMatching(/\.zip$/) },
    });
    const score = resources('AWS::Lambda::Function')[logicalId('score')]!.Properties;
    expect(score).toMatchObject({ Runtime: 'python3.12', Handler: 'handler.score', MemorySize: 128, Timeout: 60 });
    expect(score['ReservedConcurrentExecutions']).toBeUndefined();
  });

  /** The logical ID of the alias `aliasName` of a deployed function. */
  const aliasId = (name: string, aliasName: string): string => {
    const scope = built.stack.functions.deployed.get(name)!.node.scope!;
    return built.stack.getLogicalId(scope.node.findChild(`Alias-${aliasName}`).node.defaultChild as never);
  };

  it('fills the workflow placeholders with the functions ARNs, and a qualified one with its alias ARN', () => {
    const machine = Object.values(resources('AWS::StepFunctions::StateMachine'))[0]!;
    expect(machine.Properties['DefinitionSubstitutions']).toEqual({
      PrepareFunction: { 'Fn::GetAtt': [logicalId('prepare'), 'Arn'] },
      ScoreFunction: { 'Fn::GetAtt': [logicalId('score'), 'Arn'] },
      ScoreLive: { Ref: aliasId('score', 'live') },
    });
  });

  it('deploys each alias a workflow names on the version this deploy publishes', () => {
    const aliases = resources('AWS::Lambda::Alias');
    const versions = resources('AWS::Lambda::Version');
    expect(Object.keys(aliases).sort()).toEqual([aliasId('prepare', 'live'), aliasId('score', 'live')].sort());
    for (const name of ['prepare', 'score']) {
      const alias = aliases[aliasId(name, 'live')]!.Properties;
      expect(alias).toMatchObject({ Name: 'live', FunctionName: { Ref: logicalId(name) } });
      const version = (alias['FunctionVersion'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(version[1]).toBe('Version');
      expect(versions[version[0]]!.Properties['FunctionName']).toEqual({ Ref: logicalId(name) });
    }
  });

  function statementsOf(rolePrefix: string): { Action: string | string[]; Resource: unknown }[] {
    return Object.values(resources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties['Roles']).includes(rolePrefix))
      .flatMap(
        (p) =>
          (p.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] })
            .Statement,
      );
  }

  it('lets the state machine invoke exactly the functions and aliases it names', () => {
    const invoke = statementsOf('WorkflowsScoredRole').filter((s) =>
      [s.Action].flat().includes('lambda:InvokeFunction'),
    );
    expect(invoke.flatMap((s) => [s.Resource].flat())).toEqual([
      { 'Fn::GetAtt': [logicalId('prepare'), 'Arn'] },
      { 'Fn::GetAtt': [logicalId('score'), 'Arn'] },
      { Ref: aliasId('prepare', 'live') },
      { Ref: aliasId('score', 'live') },
    ]);
  });

  it('gives each function a role that writes its own log group, and the callback function its task token answers', () => {
    const prepare = statementsOf('FunctionsprepareRole');
    expect(
      prepare
        .map((s) => [s.Action].flat())
        .flat()
        .sort(),
    ).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(prepare.map((s) => s.Resource))).toContain('FunctionsprepareLogs');
    const score = statementsOf('FunctionsscoreRole');
    const callback = score.filter((s) => [s.Action].flat().includes('states:SendTaskSuccess'));
    expect(callback).toHaveLength(1);
    expect(JSON.stringify(callback[0]!.Resource)).toContain(':stateMachine:Fanout-scored');
    expect(JSON.stringify(score)).not.toMatch(/"Resource":"\*"/);
  });

  it('refuses, naming the state, a version number or a computed Qualifier: neither can be deployed as written', () => {
    const synthOf = (parameters: object): string => {
      const dir = mkdtempSync(join(tmpdir(), 'fanout-infra-alias-'));
      try {
        const definition = {
          StartAt: 'Call',
          States: {
            Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: parameters, End: true },
          },
        };
        writeFileSync(join(dir, 'pinned.asl.json'), JSON.stringify(definition));
        buildStack({ workflowsDirectory: dir, profileFile: join(FUNCTIONS, 'fanout.local.json') });
        return 'built';
      } catch (error) {
        return (error as Error).message;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(synthOf({ FunctionName: '${PrepareFunction}:3' })).toMatch(
      /state 'Call'.* names prepare:3; a version number differs between the local runtime and AWS/,
    );
    expect(synthOf({ FunctionName: '${PrepareFunction}', 'Qualifier.$': '$.alias' })).toMatch(
      /state 'Call'.*Qualifier must be an alias written out/,
    );
  });

  it('passes cdk-nag AwsSolutions', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    expect(
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)),
    ).toEqual([]);
  });

  (hasCfnLint ? it : it.skip)(
    `writes a template in which cfn-lint finds no error${hasCfnLint ? '' : ' (skipped: no cfn-lint)'}`,
    () => {
      built.app.synth();
      const run = spawnSync('cfn-lint', ['--format', 'json', '--', join(built.outdir, 'Fanout.template.json')], {
        encoding: 'utf8',
      });
      const findings = JSON.parse(run.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[];
      expect(findings.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
    },
  );
});
