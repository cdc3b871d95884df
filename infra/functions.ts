/**
 * The Lambda functions the workflows call, deployed from the local profile's own declarations (`functions` in
 * fanout.local.json: code directory, runtime, handler, memory, timeout, environment, reserved concurrency), so the
 * function that runs locally is the function that runs here. A function is deployed when a profile substitution
 * names it (`"PrepareFunction": "prepare"`, or its local ARN): that placeholder stands, on AWS, for the deployed
 * function's ARN, and the workflow file writes `"FunctionName": "${PrepareFunction}"` in both places. Each function
 * has its own role, allowed only to write its own log group; the state machines' roles are granted
 * lambda:InvokeFunction on exactly the functions they name (infra/workflows/permissions.ts).
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
      const name = typeof value === 'string' ? functionNameOf(value) : undefined;
      const declaration = name === undefined ? undefined : declared[name];
      if (name === undefined || declaration === undefined) continue;
      const fn = this.deployed.get(name) ?? this.deploy(name, declaration, dirname(props.profileFile));
      this.bindings[placeholder] = { kind: 'lambda-function', value: fn.functionArn, fn };
    }
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

/** `prepare`, `prepare:$LATEST` or `arn:aws:lambda:REGION:ACCOUNT:function:prepare` → `prepare`. */
function functionNameOf(value: string): string | undefined {
  const arn = /^arn:aws[a-z-]*:lambda:[^:]*:\d{12}:function:([A-Za-z0-9_-]+)(:.*)?$/.exec(value);
  if (arn) return arn[1];
  const plain = /^([A-Za-z0-9_-]{1,64})(:\$LATEST)?$/.exec(value);
  return plain?.[1];
}
