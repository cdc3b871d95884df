/**
 * `fanout/testing`: the test kit for users' workflows (docs/testing.md). One call starts the local endpoint in
 * the test's own process, on an ephemeral port, over a temporary data directory; `run` deploys a workflow file and
 * runs it to its end, optionally under a Step Functions Local mock configuration and virtual time; `stop` closes
 * everything and removes the data directory. It works the same under node:test, jest and vitest: it needs no
 * globals of any runner.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { startServer } from '../api/server';
import { deployWorkflow } from '../cli/commands/run/state-machine';
import { loadWorkflow } from '../cli/workflow';
import { loadProfile, type Substitutions } from '../integrations';
import { parseMockConfig } from '../runtime';

// The SDK's notice that its releases after January 2027 need Node 22 would print in every user's test run.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export type { HistoryEvent };

/** Step Functions Local's mock configuration document (`StateMachines` and `MockedResponses`). */
export interface MockConfigDocument {
  StateMachines?: Record<string, { TestCases: Record<string, Record<string, string>> }>;
  MockedResponses?: Record<string, Record<string, { Return: unknown } | { Throw: { Error: string; Cause?: string } }>>;
}

export interface StartOptions {
  /** The local profile (task and job definitions, functions, substitutions). @default `fanout.local.json` in `cwd`, when it exists */
  profile?: string;
  /** A mock configuration: a file path or the document itself. A run names its test case with `testCase`. */
  mockConfig?: string | MockConfigDocument;
  /**
   * `virtual`: Waits, retry back-offs, heartbeats and timeouts skip ahead whenever nothing else can run, so a
   * one-hour Wait takes milliseconds and histories carry the virtual timestamps. @default 'virtual'
   */
  time?: 'virtual' | 'real';
  /** Where relative paths (workflow files, the profile, the mock configuration) are resolved. @default process.cwd() */
  cwd?: string;
  /** @default 'us-east-1' */
  region?: string;
  /** Receives the endpoint's log lines (task starts, errors). @default discarded */
  log?: (line: string) => void;
}

export interface RunOptions {
  /** The execution input: a JSON value, or its text. @default {} */
  input?: unknown;
  /** The mock configuration's test case for this workflow (`StateMachines.<workflow name>.TestCases.<testCase>`). */
  testCase?: string;
  /** The execution name. @default a generated one */
  name?: string;
  /** Values for `${Name}` placeholders, over the profile's substitutions. */
  substitutions?: Substitutions;
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface WorkflowResult {
  executionArn: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  /** The parsed output of a SUCCEEDED execution; undefined otherwise. */
  output: unknown;
  /** The error and cause of a FAILED, TIMED_OUT or ABORTED execution, as DescribeExecution returns them. */
  error: string | undefined;
  cause: string | undefined;
  /** The names of the states entered, in order (states inside Parallel branches and Map iterations included). */
  states: string[];
  /** The execution's full event history, oldest first. */
  history: HistoryEvent[];
}

export interface FanoutEndpoint {
  /** The endpoint's URL: point any AWS SDK client (Step Functions, S3, SQS, SNS) at it. */
  readonly url: string;
  readonly region: string;
  /** Credentials the endpoint accepts (it checks none). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** The temporary data directory (removed by `stop`). */
  readonly dataDir: string;
  /** Creates (or updates) the state machine the workflow file stands for, runs an execution and waits for its end. */
  run(workflowFile: string, options?: RunOptions): Promise<WorkflowResult>;
  /** Stops the endpoint and its task processes and removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Starts an in-process endpoint for a test file (call it in `before`/`beforeAll`, and `stop` in `after`/`afterAll`). */
export async function startFanout(options: StartOptions = {}): Promise<FanoutEndpoint> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const region = options.region ?? 'us-east-1';
  const profilePath = options.profile ?? (existsSync(join(cwd, 'fanout.local.json')) ? 'fanout.local.json' : undefined);
  const profile = loadProfile(profilePath, cwd);
  const dataDir = mkdtempSync(join(tmpdir(), 'fanout-test-'));
  let server;
  try {
    server = await startServer({
      port: 0,
      dataDir,
      region,
      log: options.log ?? (() => undefined),
      ...(profile.path === undefined ? {} : { profile: profile.path }),
      ...mockConfigOption(options.mockConfig, cwd, dataDir),
      time: options.time ?? 'virtual',
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  const client = new SFNClient({ endpoint: running.url, region, credentials: CREDENTIALS, maxAttempts: 1 });
  let stopped: Promise<void> | undefined;

  return {
    url: running.url,
    region,
    credentials: { ...CREDENTIALS },
    dataDir,
    async run(workflowFile, runOptions = {}) {
      const workflow = loadWorkflow(resolve(cwd, workflowFile), {
        ...profile.substitutions,
        ...runOptions.substitutions,
      });
      if (workflow.unresolved.length > 0) {
        throw new Error(
          `${workflowFile}: no value for \${${workflow.unresolved.join('}, ${')}} (profile substitutions or the run's)`,
        );
      }
      const stateMachineArn = await deployWorkflow(client, workflow);
      const input = runOptions.input === undefined ? '{}' : inputText(runOptions.input);
      const { executionArn = '' } = await client.send(
        new StartExecutionCommand({
          stateMachineArn:
            runOptions.testCase === undefined ? stateMachineArn : `${stateMachineArn}#${runOptions.testCase}`,
          input,
          ...(runOptions.name === undefined ? {} : { name: runOptions.name }),
        }),
      );
      const described = await running.service.waitForExecution(executionArn);
      const history = await historyOf(client, executionArn);
      const status = described.status as ExecutionStatus;
      return {
        executionArn,
        stateMachineArn,
        status,
        output: status === 'SUCCEEDED' && described.output !== undefined ? JSON.parse(described.output) : undefined,
        error: described.error,
        cause: described.cause,
        states: history.flatMap((event) =>
          event.stateEnteredEventDetails?.name === undefined ? [] : [event.stateEnteredEventDetails.name],
        ),
        history,
      };
    },
    stop() {
      stopped ??= (async () => {
        client.destroy();
        try {
          await running.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}

function mockConfigOption(config: StartOptions['mockConfig'], cwd: string, dataDir: string): { mockConfig?: string } {
  if (config === undefined) return {};
  if (typeof config === 'string') return { mockConfig: resolve(cwd, config) };
  // Checked here so a bad document fails naming its field, before anything starts.
  parseMockConfig(config, 'the mock configuration passed to startFanout');
  const file = join(dataDir, 'mock-config.json');
  writeFileSync(file, JSON.stringify(config));
  return { mockConfig: file };
}

function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  const text = JSON.stringify(input);
  if (text === undefined) throw new TypeError(`the execution input must be a JSON value, got ${typeof input}`);
  return text;
}

async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}
