/**
 * Runs the executions started as `<stateMachineArn>#<TestCase>`: the states the test case names answer from their
 * mocked responses (a `.waitForTaskToken` task gets its token answered, a `.sync` one returns the mocked
 * completion); every other Task goes to the real local integration. Invocations are counted per state of one
 * execution, its Distributed Map children included, as Step Functions Local counts them.
 */
import { type Json, parseResource, StatesError, type TaskRequest, type TaskRunner } from '../../engine';
import { splitChildMachine } from '../../map/map-run-arns';
import { outcomeAt, type MockConfig, type MockedResponse } from './file';

interface MockedRun {
  machine: string;
  states: Map<string, MockedResponse>;
  invocations: Map<string, number>;
}

export interface TokenAnswers {
  succeed(token: string, output: Json): void;
  fail(token: string, error: string, cause: string): void;
}

export class MockedTaskRunner implements TaskRunner {
  private readonly runs = new Map<string, MockedRun>();
  /** Mocked runs by machine name, newest last: how a Distributed Map child finds the run it belongs to. */
  private readonly byMachine = new Map<string, MockedRun[]>();

  constructor(
    readonly config: MockConfig,
    private readonly real: TaskRunner,
    private readonly tokens: TokenAnswers,
  ) {}

  /** The test case's mocks, or undefined when the file does not have it. */
  testCase(machine: string, testCase: string): Map<string, MockedResponse> | undefined {
    return this.config.testCases.get(machine)?.get(testCase);
  }

  begin(executionArn: string, machine: string, states: Map<string, MockedResponse>): void {
    const run: MockedRun = { machine, states, invocations: new Map() };
    this.runs.set(executionArn, run);
    const list = this.byMachine.get(machine) ?? [];
    list.push(run);
    this.byMachine.set(machine, list);
  }

  end(executionArn: string): void {
    const run = this.runs.get(executionArn);
    if (run === undefined) return;
    this.runs.delete(executionArn);
    const list = this.byMachine.get(run.machine) ?? [];
    list.splice(list.indexOf(run), 1);
    if (list.length === 0) this.byMachine.delete(run.machine);
  }

  async run(request: TaskRequest): Promise<Json> {
    const run = this.runFor(request.executionArn);
    const response = run?.states.get(request.stateName);
    if (run === undefined || response === undefined) return this.real.run(request);
    const invocation = run.invocations.get(request.stateName) ?? 0;
    run.invocations.set(request.stateName, invocation + 1);
    const outcome = outcomeAt(response, invocation);
    // A callback task or an activity: the engine waits on the token, so the mock answers through it.
    // A `.sync` task has a token too, but its mocked completion is its result.
    const callback =
      request.pattern === 'waitForTaskToken' || parseResource(request.resource).resourceType === 'activity';
    if (callback && request.taskToken !== undefined) {
      const token = request.taskToken;
      // After the engine has started waiting on the token, as a worker's answer would come.
      setImmediate(() => {
        if (outcome.kind === 'return') this.tokens.succeed(token, outcome.value);
        else this.tokens.fail(token, outcome.error, outcome.cause);
      });
      return {};
    }
    if (outcome.kind === 'throw') throw new StatesError(outcome.error, outcome.cause);
    return resultOf(request.resource, outcome.value);
  }

  private runFor(executionArn: string): MockedRun | undefined {
    const own = this.runs.get(executionArn);
    if (own !== undefined) return own;
    // A Distributed Map child: `…:execution:<machine>/<label>:<name>` belongs to the latest mocked run of <machine>.
    const machinePart = executionArn.split(':')[6];
    const child = machinePart === undefined ? undefined : splitChildMachine(machinePart);
    return child === undefined ? undefined : this.byMachine.get(child.stateMachineName)?.at(-1);
  }
}

/**
 * A Lambda response is mocked in the Invoke API's shape (`StatusCode`, `Payload`); a Task whose Resource is the
 * function's ARN itself gets the function's return value, the Payload, as a real one would.
 */
function resultOf(resource: string, value: Json): Json {
  const lambdaFunction = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource);
  if (lambdaFunction && typeof value === 'object' && value !== null && !Array.isArray(value) && 'Payload' in value) {
    return value['Payload'] ?? null;
  }
  return value;
}
