/**
 * One state's execution: its input, its context object, and the data-flow pipelines of the two query languages
 * (JSONPath: InputPath → Parameters → ResultSelector → ResultPath → OutputPath; JSONata: Arguments → Output, with
 * Assign beside them). State handlers are written in terms of these.
 */
import type { Catcher, QueryLanguage, StateDefinition } from './asl';
import { buildContext } from './context';
import type { MapItemContext } from './context';
import { isStatesError, StatesError, StatesErrorName } from './errors';
import { applyResultPath, evaluatePayloadTemplate, selectPath } from './jsonpath';
import type { PathScope } from './jsonpath';
import { evaluateJsonataValue } from './jsonata';
import type { JsonataBindings } from './jsonata';
import { isJsonObject } from './json';
import type { Json, JsonObject } from './json';
import type { Frame } from './frame';
import { errorOutput } from './retry';
import type { TaskAttemptFailure } from './redrive';
import { formatTimestamp } from './time';

/** What a state hands back to the interpreter when it completes. */
export interface StateResult {
  output: Json;
  /** The next state; undefined ends the machine (End: true, Succeed). */
  next: string | undefined;
  /** Variables to assign once the state has exited. */
  assigned?: Map<string, Json>;
}

export interface ContextExtras {
  mapItem?: MapItemContext;
  taskToken?: string;
}

export class StateRun {
  /** Retries made so far by this state's retriers ($$.State.RetryCount). */
  retryCount = 0;
  taskToken: string | undefined;
  /** Set on the state a redrive restarts at, when it is a Distributed Map that had started a Map Run. */
  redriveMapRunArn: string | undefined;
  /** Set on a Task resumed after a crash: the attempts that had already failed, to replay into its retriers. */
  resumedFailures: readonly TaskAttemptFailure[] | undefined;

  constructor(
    readonly name: string,
    readonly state: StateDefinition,
    readonly input: Json,
    readonly frame: Frame,
    readonly enteredEventId: number,
    readonly enteredTime: number,
    /** The event this state's Entered event follows. */
    readonly enteredAfterId: number = 0,
  ) {}

  /**
   * Writes the EvaluationFailed event of a JSONata evaluation that failed in this state, once per error (a Map
   * writes it before its MapStateFailed; an error from a nested state was written there). It follows what the
   * Entered event followed, as AWS records it, unless the failure came after the state started its work.
   */
  reportEvaluationFailure(error: StatesError): void {
    if (error.error !== StatesErrorName.QueryEvaluationError || reported.has(error)) return;
    reported.add(error);
    const { log } = this.frame.runtime;
    log.append(
      this.frame.thread,
      {
        type: 'EvaluationFailed',
        evaluationFailedEventDetails: {
          ...(error.error !== null ? { error: error.error } : {}),
          ...(error.cause !== null ? { cause: error.cause } : {}),
          ...(error.location !== undefined ? { location: error.location } : {}),
          state: this.name,
        },
      },
      error.afterEntry ? this.enteredEventId : this.enteredAfterId,
    );
  }

  get queryLanguage(): QueryLanguage {
    return this.state.QueryLanguage ?? this.frame.queryLanguage;
  }

  get isJsonata(): boolean {
    return this.queryLanguage === 'JSONata';
  }

  get ports(): Frame['runtime']['ports'] {
    return this.frame.runtime.ports;
  }

  /** The state's `Next` or undefined when it ends its machine. */
  get next(): string | undefined {
    return this.state.End === true ? undefined : this.state.Next;
  }

  context(extras: ContextExtras = {}): JsonObject {
    const { runtime } = this.frame;
    const canRetry = this.state.Type === 'Task' || this.state.Type === 'Parallel' || this.state.Type === 'Map';
    const taskToken = extras.taskToken ?? this.taskToken;
    return buildContext({
      execution: runtime.execution,
      stateMachine: runtime.stateMachine,
      state: {
        Name: this.name,
        EnteredTime: formatTimestamp(this.enteredTime),
        ...(canRetry ? { RetryCount: this.retryCount } : {}),
      },
      ...(taskToken !== undefined ? { task: { Token: taskToken } } : {}),
      ...(extras.mapItem ? { mapItem: extras.mapItem } : {}),
    });
  }

  pathScope(input: Json, extras: ContextExtras = {}): PathScope {
    return {
      input,
      context: this.context(extras),
      variables: this.frame.variables,
      random: this.ports.random,
      uuid: () => this.ports.ids.uuid(),
    };
  }

  bindings(
    parts: { result?: Json; errorOutput?: Json; input?: Json } = {},
    extras: ContextExtras = {},
  ): JsonataBindings {
    const b: JsonataBindings = {
      input: parts.input ?? this.input,
      context: this.context(extras),
      variables: this.frame.variables,
      random: this.ports.random,
      uuid: () => this.ports.ids.uuid(),
    };
    if (parts.result !== undefined) b.result = parts.result;
    if (parts.errorOutput !== undefined) b.errorOutput = parts.errorOutput;
    return b;
  }

  // ---- JSONPath pipeline -------------------------------------------------------------------------------

  /** InputPath applied to the state input. */
  effectiveInput(): Json {
    return selectPath(this.state.InputPath, this.pathScope(this.input));
  }

  /** Parameters evaluated over the effective input (or the effective input itself). */
  parameters(effective: Json, extras: ContextExtras = {}): Json {
    if (this.state.Parameters === undefined) return effective;
    return evaluatePayloadTemplate(this.state.Parameters, this.pathScope(effective, extras));
  }

  // ---- both languages -----------------------------------------------------------------------------------

  /**
   * The state's request payload: Parameters over the effective input (JSONPath) or Arguments (JSONata);
   * without either, the effective input.
   */
  async request(extras: ContextExtras = {}): Promise<Json> {
    if (this.isJsonata) {
      if (this.state.Arguments === undefined) return this.input;
      return evaluateJsonataValue(this.state.Arguments, 'Arguments', this.bindings({}, extras));
    }
    return this.parameters(this.effectiveInput(), extras);
  }

  /**
   * Completes a state that produced a result (Task, Parallel, Map, Pass): ResultSelector, Assign, ResultPath,
   * OutputPath — or JSONata Output and Assign over `$states.result`.
   */
  async finishWithResult(result: Json, next = this.next): Promise<StateResult> {
    if (this.isJsonata) {
      const b = this.bindings({ result });
      const output =
        this.state.Output === undefined ? result : await evaluateJsonataValue(this.state.Output, 'Output', b);
      return { output, next, ...(await this.jsonataAssign(this.state.Assign, b)) };
    }
    const selected =
      this.state.ResultSelector === undefined
        ? result
        : evaluatePayloadTemplate(this.state.ResultSelector, this.pathScope(result));
    const assigned = this.jsonPathAssign(this.state.Assign, selected);
    const withResult = applyResultPath(this.input, this.state.ResultPath, selected);
    const output = selectPath(this.state.OutputPath, this.pathScope(withResult));
    return { output, next, ...(assigned ? { assigned } : {}) };
  }

  /**
   * Completes a state that passes its input on (Choice, Wait, Succeed, a JSONata Pass): Assign and OutputPath
   * over the effective input, or JSONata Output and Assign over `$states.input`.
   */
  async finishWithInput(
    effective: Json,
    next: string | undefined,
    assign = this.state.Assign,
    output = this.state.Output,
  ): Promise<StateResult> {
    if (this.isJsonata) {
      const b = this.bindings();
      const out = output === undefined ? this.input : await evaluateJsonataValue(output, 'Output', b);
      return { output: out, next, ...(await this.jsonataAssign(assign, b)) };
    }
    const assigned = this.jsonPathAssign(assign, effective);
    const out = selectPath(this.state.OutputPath, this.pathScope(effective));
    return { output: out, next, ...(assigned ? { assigned } : {}) };
  }

  /** The output and assignments of a catcher that handles `error`. */
  async applyCatcher(catcher: Catcher, error: StatesError): Promise<StateResult> {
    const errOut = errorOutput(error) as unknown as Json;
    if (this.isJsonata) {
      const b = this.bindings({ errorOutput: errOut });
      const output = catcher.Output === undefined ? errOut : await evaluateJsonataValue(catcher.Output, 'Output', b);
      return { output, next: catcher.Next, ...(await this.jsonataAssign(catcher.Assign, b)) };
    }
    const assigned = this.jsonPathAssign(catcher.Assign, errOut);
    const output = applyResultPath(this.input, catcher.ResultPath, errOut);
    return { output, next: catcher.Next, ...(assigned ? { assigned } : {}) };
  }

  private jsonPathAssign(assign: JsonObject | undefined, dollar: Json): Map<string, Json> | undefined {
    if (assign === undefined) return undefined;
    const values = evaluatePayloadTemplate(assign, this.pathScope(dollar));
    return toAssignments(values);
  }

  private async jsonataAssign(
    assign: JsonObject | undefined,
    b: JsonataBindings,
  ): Promise<{ assigned?: Map<string, Json> }> {
    if (assign === undefined) return {};
    const values = await evaluateJsonataValue(assign, 'Assign', b);
    const assigned = toAssignments(values);
    return assigned ? { assigned } : {};
  }

  /**
   * Turns anything thrown while running this state into the StatesError AWS would report: evaluation errors get
   * the "An error occurred while executing the state ..." prefix; anything unexpected becomes States.Runtime.
   */
  toStatesError(e: unknown): StatesError {
    if (isStatesError(e)) {
      if (!e.evaluation) return e;
      return new StatesError(e.error, `${this.errorPrefix()}${e.cause ?? ''}`, {
        location: e.location,
        afterEntry: e.afterEntry,
      });
    }
    const message = e instanceof Error ? e.message : String(e);
    return new StatesError(StatesErrorName.Runtime, `${this.errorPrefix()}Internal error: ${message}`);
  }

  errorPrefix(): string {
    return `An error occurred while executing the state '${this.name}' (entered at the event id #${this.enteredEventId}). `;
  }
}

/** Evaluation errors whose EvaluationFailed event is written. */
const reported = new WeakSet<StatesError>();

function toAssignments(values: Json): Map<string, Json> | undefined {
  if (!isJsonObject(values)) return undefined;
  return new Map(Object.entries(values));
}
