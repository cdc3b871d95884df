/**
 * The Lambda functions the workflows call, deployed from the local profile's own declarations (`functions` in
 * fanout.local.json: code directory, runtime, handler, memory, timeout, environment, reserved concurrency), so the
 * function that runs locally is the function that runs here. A function is deployed when a profile substitution
 * names it (`"PrepareFunction": "prepare"`, or its local ARN): that placeholder stands, on AWS, for the deployed
 * function's ARN, and the workflow file writes `"FunctionName": "${PrepareFunction}"` in both places. Each function
 * has its own role, allowed only to write its own log group; the state machines' roles are granted
 * lambda:InvokeFunction on exactly the functions they name (infra/workflows/permissions.ts).
 *
 * An alias — a substitution `"PrepareLive": "prepare:live"`, or a workflow's `"${PrepareFunction}:live"` or
 * `Qualifier: "live"` — is deployed as an AWS::Lambda::Alias on the version this deploy publishes (the function's
 * `currentVersion`, a new AWS::Lambda::Version whenever the code or configuration changes), so a qualified call
 * works on AWS as it does locally. A version number cannot be: AWS numbers its versions itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Binding } from './substitutions';

/** One `functions.NAME` entry of the profile, as `fanout validate` accepts it. */
interface FunctionDeclaration {
  runtime: string;
  handler: string;
  code: string;
  environment?: Record<string, string>;
  timeout?: number;
  memorySize?: number;
  reservedConcurrency?: number;
  aliases?: Record<string, string>;
}

interface ProfileFunctions {
  functions: Record<string, FunctionDeclaration>;
  substitutions: Record<string, unknown>;
}

export interface FunctionsProps {
  /** The local profile (fanout.local.json); absent: no functions. */
  readonly profileFile: string;
}

export class Functions extends Construct {
  /** Function name (as the profile declares it) → the deployed function. */
  readonly deployed = new Map<string, lambda.Function>();
  /** Placeholder → the function it names, for the substitution table. */
  readonly bindings: Record<string, Binding> = {};

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    if (!existsSync(props.profileFile)) return;
    const profile = JSON.parse(readFileSync(props.profileFile, 'utf8')) as Partial<ProfileFunctions>;
    const declared = profile.functions ?? {};
    for (const [placeholder, value] of Object.entries(profile.substitutions ?? {})) {
      const named = typeof value === 'string' ? functionNameOf(value) : undefined;
      const declaration = named === undefined ? undefined : declared[named.name];
      if (named === undefined || declaration === undefined) continue;
      const { name, qualifier } = named;
      const fn = this.deployed.get(name) ?? this.deploy(name, declaration, dirname(props.profileFile));
      const alias = qualifier === undefined ? undefined : this.alias(name, qualifier, `substitutions.${placeholder}`);
      this.bindings[placeholder] = {
        kind: 'lambda-function',
        value: alias?.functionArn ?? fn.functionArn,
        fn,
        ...(alias === undefined ? {} : { alias }),
        qualify: (aliasName, where) => this.alias(name, aliasName, where),
      };
    }
  }

  /** The alias `aliasName` of the function `name`, on the version this deploy publishes; created once. */
  alias(name: string, aliasName: string, where: string): lambda.Alias {
    const fn = this.deployed.get(name);
    if (fn === undefined) throw new Error(`infra: ${where} names an alias of ${name}, which is not deployed`);
    if (!/^(?!\d+$)[A-Za-z0-9_-]{1,128}$/.test(aliasName)) {
      throw new Error(
        `infra: ${where} names ${name}:${aliasName}; ${/^\d+$/.test(aliasName) ? 'a version number differs between the local runtime and AWS (AWS numbers its versions itself): name an alias instead' : 'an alias name has up to 128 letters, numbers, hyphens and underscores'}`,
      );
    }
    const id = `Alias-${aliasName}`;
    const scope = fn.node.scope as Construct;
    return (
      (scope.node.tryFindChild(id) as lambda.Alias | undefined) ??
      new lambda.Alias(scope, id, {
        aliasName,
        // aws-cdk-lib declares Version.role optional where IVersion has it required (exactOptionalPropertyTypes).
        version: fn.currentVersion as unknown as lambda.IVersion,
        description: `fanout: ${name}:${aliasName}, the version this deploy published`,
      })
    );
  }

  private deploy(name: string, declaration: FunctionDeclaration, root: string): lambda.Function {
    const scope = new Construct(this, name);
    // An explicit group: its retention is ours, and the role can be scoped to it alone.
    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `fanout function ${name}: writes its own log group only`,
    });
    logGroup.grantWrite(role);
    const fn = new lambda.Function(scope, 'Function', {
      runtime: runtimeOf(name, declaration.runtime),
      handler: declaration.handler,
      code: lambda.Code.fromAsset(resolve(root, declaration.code)),
      memorySize: declaration.memorySize ?? 128,
      timeout: Duration.seconds(declaration.timeout ?? 3),
      environment: declaration.environment ?? {},
      ...(declaration.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: declaration.reservedConcurrency }),
      role,
      logGroup,
      description: `fanout: functions.${name} of the local profile`,
    });
    this.deployed.set(name, fn);
    return fn;
  }
}

/** The runtimes the profile accepts, as Lambda names them. */
function runtimeOf(name: string, runtime: string): lambda.Runtime {
  const known = lambda.Runtime.ALL.find((r) => r.name === runtime);
  if (known !== undefined && /^(nodejs2[24]\.x|python3\.\d+)$/.test(runtime)) return known;
  throw new Error(
    `infra: functions.${name}.runtime is ${JSON.stringify(runtime)}; deployable runtimes are nodejs22.x, nodejs24.x and python3.x`,
  );
}

/**
 * `prepare`, `prepare:live` or `arn:aws:lambda:REGION:ACCOUNT:function:prepare[:live]` → the name and the qualifier
 * (none for `$LATEST`, which is the function itself).
 */
function functionNameOf(value: string): { name: string; qualifier?: string } | undefined {
  const match =
    /^arn:aws[a-z-]*:lambda:[^:]*:\d{12}:function:([A-Za-z0-9_-]+)(?::([^:]+))?$/.exec(value) ??
    /^([A-Za-z0-9_-]{1,64})(?::([^:]+))?$/.exec(value);
  const [, name, qualifier] = match ?? [];
  if (name === undefined) return undefined;
  return qualifier === undefined || qualifier === '$LATEST' ? { name } : { name, qualifier };
}
