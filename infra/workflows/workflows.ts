/**
 * Workflows: one state machine per `workflows/*.asl.json`, whose definition is the file itself — byte for byte —
 * with CloudFormation DefinitionSubstitutions filling its `${Name}` placeholders from the substitution table. The
 * file that runs locally is the file that runs here; nothing is generated from it except its role.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RUNTIME_INPUT_BUCKETS, type SubstitutionTable } from '../substitutions';
import { scanWorkflow, type WorkflowScan } from './asl-scan';
import { grantWorkflow, unknownPlaceholder } from './permissions';

export interface WorkflowsProps {
  /** The directory holding the `*.asl.json` files. */
  readonly directory: string;
  readonly table: SubstitutionTable;
  /**
   * Workflow names (file names without `.asl.json`) not to deploy.
   * @default ['demo'] — the demo has no Task state and exists to show the local engine.
   */
  readonly skip?: readonly string[];
}

export interface DeployedWorkflow {
  /** The file name without `.asl.json`: what `fanout start NAME` and `fanout run` call it. */
  readonly name: string;
  /** `workflows/<name>.asl.json`. */
  readonly file: string;
  readonly stateMachine: sfn.StateMachine;
  readonly scan: WorkflowScan;
  /** The DefinitionSubstitutions: exactly the placeholders the file uses. */
  readonly substitutions: Readonly<Record<string, string>>;
}

export const DEFAULT_SKIPPED_WORKFLOWS = ['demo'] as const;

export class Workflows extends Construct {
  readonly deployed: readonly DeployedWorkflow[];

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const skip = new Set(props.skip ?? DEFAULT_SKIPPED_WORKFLOWS);
    this.deployed = workflowFiles(props.directory)
      .filter((file) => !skip.has(workflowName(file)))
      .map((file) => this.deploy(join(props.directory, file), file, props.table));
  }

  find(name: string): DeployedWorkflow | undefined {
    return this.deployed.find((w) => w.name === name);
  }

  private deploy(path: string, fileName: string, table: SubstitutionTable): DeployedWorkflow {
    const name = workflowName(fileName);
    const file = `workflows/${fileName}`;
    const text = readFileSync(path, 'utf8');
    const scan = scanWorkflow(text, file);

    const substitutions: Record<string, string> = {};
    for (const placeholder of scan.placeholders) {
      const binding = table[placeholder];
      if (binding === undefined) throw unknownPlaceholder(file, placeholder);
      substitutions[placeholder] = binding.value;
    }

    const stack = Stack.of(this);
    // Named, so the role can name this machine and its Distributed Map children before the machine exists.
    const stateMachineName = `${stack.stackName}-${name}`;
    const stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const scope = new Construct(this, pascal(name));
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `fanout ${file}: exactly the resources the file names`,
    });
    const runtimeBuckets = RUNTIME_INPUT_BUCKETS[name] ?? [];
    grantWorkflow(scan, { file, table, role, stateMachineName, stateMachineArn, runtimeBuckets });

    const logGroup = new logs.LogGroup(scope, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy small however many machines log.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(text),
      definitionSubstitutions: substitutions,
      role,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    if (/"QueryLanguage"\s*:\s*"JSONata"/.test(text)) {
      // cfn-lint's ASL schema (E3601) predates JSONata: it rejects `{% … %}` where JSONata allows it (MaxConcurrency,
      // TimeoutSeconds, …). Only that check is off, only for JSONata machines; test/infra still runs all others.
      (stateMachine.node.defaultChild as sfn.CfnStateMachine).addMetadata('cfn-lint', {
        config: { ignore_checks: ['E3601'] },
      });
    }
    return { name, file, stateMachine, scan, substitutions };
  }
}

/** The `*.asl.json` files of a directory, sorted, so the template does not depend on directory order. */
export function workflowFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((f) => f.endsWith('.asl.json'))
    .sort();
}

export function workflowName(fileName: string): string {
  return fileName.replace(/\.asl\.json$/, '');
}

/** `nightly-etl` → `NightlyEtl`: construct ids and output keys. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}
