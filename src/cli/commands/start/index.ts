import { resolve } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { expectPositionals, defineCommand } from '../../args';
import { parseEndpoint } from '../../client';
import { withConnection } from '../../connect';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError, endpointError, messageOf } from '../../errors';
import { readTextFile } from '../../files';
import { readExecutionInput } from '../../input';
import { networkErrorCode } from '../../network-error';
import { loadCliProfile } from '../../profile';
import { loadWorkflow } from '../../workflow';
import { deployWorkflow } from '../run/state-machine';
import { findDeployedStateMachine, workflowNameOf } from './outputs';

const usage = `Usage: fanout start WORKFLOW --on aws|local [--input JSON|@file] [--name NAME]
                    [--outputs FILE] [--stack NAME] [--endpoint URL] [--profile FILE]

Starts an execution of a workflow and prints its ARN on stdout; it does not wait for the end (follow it with
\`fanout history ARN\` locally, or the Step Functions console on AWS). WORKFLOW is a name (nightly-etl) or a file
(workflows/nightly-etl.asl.json).

  --on aws    the state machine \`npm run deploy\` created: its ARN is read from the stack outputs file, and it is
              started with the AWS SDK's usual credentials and region (the ARN's). AWS_ENDPOINT_URL_SFN or
              AWS_ENDPOINT_URL (or --endpoint) point the SDK elsewhere.
  --on local  the workflow file, created or updated on a running \`fanout serve\` with the local profile's
              substitutions, then started there.

Options:
  --input JSON|@file  execution input, inline or from a file (default {})
  --name NAME         execution name (default: a generated id)
  --outputs FILE      the stack outputs file (default cdk.outputs.json; --on aws)
  --stack NAME        the stack, when the outputs file holds several (--on aws)
  --endpoint URL      the endpoint to call (--on local: default http://127.0.0.1:8083)
  --profile FILE      the local profile (--on local; default fanout.local.json, if present)
  -h, --help          show this help
`;

const DEFAULT_LOCAL_ENDPOINT = 'http://127.0.0.1:8083';

export const command = defineCommand(
  usage,
  {
    on: 'string',
    input: 'string',
    name: 'string',
    outputs: 'string',
    stack: 'string',
    endpoint: 'string',
    profile: 'string',
  },
  async ({ values, positionals }, context) => {
    const [workflow = ''] = expectPositionals(positionals, ['WORKFLOW'], usage);
    const target = values.on;
    if (target !== 'aws' && target !== 'local') {
      throw new UsageError(`--on must be aws or local${target === undefined ? '' : `, got '${target}'`}`, usage);
    }
    const input = readExecutionInput(values.input, context.cwd);
    const endpoint = values.endpoint === undefined ? undefined : parseEndpoint(values.endpoint, usage);
    const executionArn =
      target === 'aws'
        ? await startOnAws(workflow, input, values, endpoint, context)
        : await startLocally(workflow, input, values, endpoint ?? DEFAULT_LOCAL_ENDPOINT, context);
    context.stdout(`${executionArn}\n`);
    return ExitCode.Ok;
  },
);

interface StartOptions {
  name?: string;
  outputs?: string;
  stack?: string;
  profile?: string;
}

async function startOnAws(
  workflow: string,
  input: string,
  options: StartOptions,
  endpointFlag: string | undefined,
  context: CommandContext,
): Promise<string> {
  const outputsFile = resolve(context.cwd, options.outputs ?? 'cdk.outputs.json');
  const deployed = findDeployedStateMachine(
    readTextFile(outputsFile, 'stack outputs file'),
    outputsFile,
    workflowNameOf(workflow),
    options.stack,
  );
  const endpoint = endpointFlag ?? context.env['AWS_ENDPOINT_URL_SFN'] ?? context.env['AWS_ENDPOINT_URL'];
  const client = new SFNClient({
    region: deployed.region,
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...credentialsFrom(context.env),
  });
  context.stderr(`fanout: ${deployed.stack}: ${deployed.arn}${endpoint === undefined ? '' : ` via ${endpoint}`}\n`);
  try {
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: deployed.arn,
        input,
        ...(options.name === undefined ? {} : { name: options.name }),
      }),
    );
    return started.executionArn ?? '';
  } catch (error) {
    const code = networkErrorCode(error);
    throw endpointError(
      code === undefined
        ? `StartExecution of ${deployed.arn} failed: ${messageOf(error)}`
        : `cannot reach Step Functions${endpoint === undefined ? '' : ` at ${endpoint}`} (${code})`,
    );
  } finally {
    client.destroy();
  }
}

/** Credentials given in the command's environment win; otherwise the SDK's default chain (profiles, SSO, roles). */
function credentialsFrom(env: CommandContext['env']): {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
} {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (accessKeyId === undefined || secretAccessKey === undefined) return {};
  const sessionToken = env['AWS_SESSION_TOKEN'];
  return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) } };
}

async function startLocally(
  workflow: string,
  input: string,
  options: StartOptions,
  endpoint: string,
  context: CommandContext,
): Promise<string> {
  const profile = loadCliProfile(options.profile, context.cwd);
  const file = workflow.endsWith('.json') ? workflow : `workflows/${workflow}.asl.json`;
  const loaded = loadWorkflow(resolve(context.cwd, file), profile.substitutions);
  if (loaded.unresolved.length > 0) {
    context.stderr(`fanout: warning: no value for \${${loaded.unresolved.join('}, ${')}} in ${file}\n`);
  }
  // Never in-process: the execution must outlive this command, so it goes to a running `fanout serve`.
  const dataDir = resolve(context.cwd, '.fanout');
  return withConnection({ endpoint, dataDir }, context, async ({ client }) => {
    const stateMachineArn = await deployWorkflow(client, loaded);
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn,
        input,
        ...(options.name === undefined ? {} : { name: options.name }),
      }),
    );
    return started.executionArn ?? '';
  });
}
