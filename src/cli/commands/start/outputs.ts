/**
 * Finding a deployed workflow's state machine from the stack outputs `npm run deploy` writes
 * (`cdk deploy --outputs-file cdk.outputs.json`): `{ "<stack>": { "WorkflowStateMachines": "{\"name\":\"arn\"}" } }`.
 * Pure, so the lookup and its messages are tested without a deployment.
 */
import { inputError } from '../../errors';

/** The output infra/fanout-stack.ts writes: workflow name → state machine ARN, as JSON text. */
export const WORKFLOWS_OUTPUT = 'WorkflowStateMachines';

export interface DeployedStateMachine {
  stack: string;
  arn: string;
  /** From the ARN (arn:aws:states:<region>:…): the SDK is pointed at the region the machine lives in. */
  region: string;
}

/** `workflows/nightly-etl.asl.json`, `nightly-etl.asl.json` and `nightly-etl` all name the workflow `nightly-etl`. */
export function workflowNameOf(text: string): string {
  return (text.split(/[\\/]/).pop() ?? text).replace(/\.asl\.json$/, '');
}

export function findDeployedStateMachine(
  outputsText: string,
  outputsFile: string,
  workflow: string,
  stack: string | undefined,
): DeployedStateMachine {
  let outputs: unknown;
  try {
    outputs = JSON.parse(outputsText);
  } catch (error) {
    throw inputError(`${outputsFile} is not valid JSON: ${(error as Error).message}`);
  }
  const stacks = Object.entries(typeof outputs === 'object' && outputs !== null ? outputs : {}).filter(
    ([, values]) => typeof values === 'object' && values !== null && WORKFLOWS_OUTPUT in values,
  ) as [string, Record<string, unknown>][];
  const chosen = stack === undefined ? stacks : stacks.filter(([name]) => name === stack);
  if (chosen.length === 0) {
    throw inputError(
      stack === undefined
        ? `${outputsFile} has no stack with a ${WORKFLOWS_OUTPUT} output: deploy with \`npm run deploy\` first`
        : `${outputsFile} has no stack '${stack}' with a ${WORKFLOWS_OUTPUT} output (stacks: ${stacks.map(([n]) => n).join(', ') || 'none'})`,
    );
  }
  if (chosen.length > 1) {
    throw inputError(
      `${outputsFile} lists several fanout stacks (${chosen.map(([n]) => n).join(', ')}): pick one with --stack`,
    );
  }
  const [stackName, values] = chosen[0] as [string, Record<string, unknown>];
  let machines: Record<string, unknown>;
  try {
    machines = JSON.parse(String(values[WORKFLOWS_OUTPUT])) as Record<string, unknown>;
  } catch {
    throw inputError(`${outputsFile}: ${stackName}.${WORKFLOWS_OUTPUT} is not a JSON object`);
  }
  const arn = machines[workflow];
  if (typeof arn !== 'string') {
    const known = Object.keys(machines).sort().join(', ') || 'none';
    throw inputError(`stack ${stackName} has no workflow '${workflow}' (deployed: ${known})`);
  }
  const region = arn.split(':')[3] ?? '';
  if (!arn.startsWith('arn:') || region === '') throw inputError(`${outputsFile}: '${arn}' is not a state machine ARN`);
  return { stack: stackName, arn, region };
}
