import { resolve } from 'node:path';
import {
  TestStateCommand,
  type MockInput,
  type TestStateCommandOutput,
  type TestStateOutput,
} from '@aws-sdk/client-sfn';
import { expectPositionals, defineCommand } from '../../args';
import { CONNECTION_OPTIONS, endpointOptions, withConnection } from '../../connect';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError, inputError } from '../../errors';
import { readExecutionInput } from '../../input';
import { loadCliProfile } from '../../profile';
import { loadWorkflow } from '../../workflow';

const usage = `Usage: fanout test-state FILE.asl.json --state NAME [--input JSON|@file] [--mock JSON|@file]
                        [--variables JSON|@file] [--inspection-level INFO|DEBUG|TRACE] [--json]
                        [--profile FILE] [--endpoint URL] [--data-dir DIR]

Runs one state of a workflow once with the TestState API, as AWS does: the Task's service call is mocked (--mock)
or made for real against the local integrations, Retry and Catch are reported rather than followed. Prints the
status (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR), the next state, the output or the error and cause, and the
inspection data. Exits 0 unless the status is FAILED.

Options:
  --state NAME        the state to test (anywhere in the machine, Parallel branches and Map processors included)
  --input JSON|@file  the state's input (default {})
  --mock JSON|@file   {"result": ...} or {"errorOutput": {"error": ..., "cause": ...}}, with an optional
                      "fieldValidationMode" (STRICT, PRESENT, NONE); any other JSON is taken as the result
  --variables JSON|@file  workflow variables the state sees
  --inspection-level L    INFO, DEBUG (default) or TRACE
  --json              print the TestState response as JSON instead
  --profile FILE      substitutions for \${Name} placeholders (default fanout.local.json, if present)
  --endpoint URL      use a running endpoint (default: an in-process engine)
  --data-dir DIR      data directory of the in-process engine (default .fanout)
  -h, --help          show this help
`;

/** TestState needs a role only to call a service for real; the local endpoint does not check it. */
const LOCAL_ROLE = 'arn:aws:iam::000000000000:role/fanout-test-state';
const LEVELS = ['INFO', 'DEBUG', 'TRACE'] as const;

export const command = defineCommand(
  usage,
  {
    state: 'string',
    input: 'string',
    mock: 'string',
    variables: 'string',
    'inspection-level': 'string',
    json: 'boolean',
    profile: 'string',
    ...CONNECTION_OPTIONS,
  },
  async ({ values, positionals }, context) => {
    const [file = ''] = expectPositionals(positionals, ['FILE'], usage);
    if (values.state === undefined || values.state === '') throw new UsageError('--state NAME is required', usage);
    const level = values['inspection-level'] ?? 'DEBUG';
    if (!(LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`--inspection-level must be INFO, DEBUG or TRACE, got '${level}'`, usage);
    }
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);
    const profile = loadCliProfile(values.profile, context.cwd);
    const workflow = loadWorkflow(resolve(context.cwd, file), profile.substitutions);
    const input = readExecutionInput(values.input, context.cwd);
    const mock = values.mock === undefined ? undefined : mockInput(readJsonOption(values.mock, '--mock', context));
    const variables =
      values.variables === undefined
        ? undefined
        : JSON.stringify(readJsonOption(values.variables, '--variables', context));
    const server = { endpoint, dataDir, ...(profile.path === undefined ? {} : { profile: profile.path }) };
    const answer = await withConnection(server, context, (connection) =>
      connection.client.send(
        new TestStateCommand({
          definition: workflow.definition,
          stateName: values.state,
          input,
          roleArn: LOCAL_ROLE,
          inspectionLevel: level as (typeof LEVELS)[number],
          ...(mock === undefined ? {} : { mock }),
          ...(variables === undefined ? {} : { variables }),
        }),
      ),
    );
    if (values.json === true) context.stdout(`${JSON.stringify(withoutMetadata(answer), null, 2)}\n`);
    else context.stdout(formatAnswer(answer));
    return answer.status === 'FAILED' ? ExitCode.Failed : ExitCode.Ok;
  },
);

function readJsonOption(option: string, name: string, context: CommandContext): unknown {
  const text = readExecutionInput(option, context.cwd).trim();
  try {
    return JSON.parse(text);
  } catch {
    throw inputError(`${name} is not valid JSON`);
  }
}

/** `{"result": …}` / `{"errorOutput": …}` as the API's MockInput (a result is sent as JSON text); else the result. */
function mockInput(value: unknown): MockInput {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  const fields = object as Record<string, unknown> | undefined;
  if (fields === undefined || !('result' in fields || 'errorOutput' in fields)) {
    return { result: JSON.stringify(value) };
  }
  const mock: MockInput = {};
  if ('result' in fields) {
    mock.result = typeof fields['result'] === 'string' ? fields['result'] : JSON.stringify(fields['result']);
  }
  if ('errorOutput' in fields) mock.errorOutput = fields['errorOutput'] as MockInput['errorOutput'];
  if (typeof fields['fieldValidationMode'] === 'string') {
    mock.fieldValidationMode = fields['fieldValidationMode'] as MockInput['fieldValidationMode'];
  }
  return mock;
}

function withoutMetadata(answer: TestStateCommandOutput): TestStateOutput {
  const { $metadata, ...rest } = answer;
  void $metadata;
  return rest;
}

function formatAnswer(answer: TestStateOutput): string {
  const lines = [`status: ${answer.status ?? '?'}`];
  if (answer.nextState !== undefined) lines.push(`next state: ${answer.nextState}`);
  if (answer.error !== undefined) lines.push(`error: ${answer.error}`);
  if (answer.cause !== undefined) lines.push(`cause: ${answer.cause}`);
  if (answer.output !== undefined) lines.push(`output: ${answer.output}`);
  const inspection = answer.inspectionData;
  if (inspection !== undefined && Object.keys(inspection).length > 0) {
    lines.push('inspection data:');
    for (const [field, value] of Object.entries(inspection)) {
      lines.push(`  ${field}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
