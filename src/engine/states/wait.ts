import { asHalt } from '../abort';
import { QueryEvaluationError, StatesRuntimeError } from '../errors';
import { evaluateJsonataTyped } from '../jsonata';
import { evaluateFieldPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { Json } from '../json';
import type { StateResult, StateRun } from '../state-run';
import { parseTimestamp } from '../time';

/** Wait: Seconds, SecondsPath, Timestamp or TimestampPath (or their JSONata forms); a past timestamp waits 0. */
export async function runWait(run: StateRun): Promise<StateResult> {
  const effective = run.isJsonata ? run.input : run.effectiveInput();
  const until = await deadline(run, effective);
  const { clock } = run.ports;
  const ms = Math.max(0, until - clock.now());
  if (ms > 0) {
    try {
      await clock.sleep(ms, run.frame.signal);
    } catch {
      throw asHalt(run.frame.signal.reason);
    }
  }
  return run.finishWithInput(effective, run.next);
}

async function deadline(run: StateRun, effective: Json): Promise<number> {
  const { state } = run;
  // Measured from when the state was entered, so a Wait resumed after a crash keeps its deadline.
  const now = run.enteredTime;
  if (run.isJsonata) {
    if (state.Seconds !== undefined) {
      const seconds = await evaluateJsonataTyped(state.Seconds, 'Seconds', 'integer', run.bindings());
      return now + Number(seconds) * 1000;
    }
    const text = (await evaluateJsonataTyped(state.Timestamp ?? null, 'Timestamp', 'string', run.bindings())) as string;
    const at = parseTimestamp(text);
    if (at === undefined) {
      throw new QueryEvaluationError(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${text}`,
        { location: 'Timestamp', afterEntry: true },
      );
    }
    return at;
  }
  if (typeof state.Seconds === 'number') return now + state.Seconds * 1000;
  if (typeof state.Timestamp === 'string') return parseTimestamp(state.Timestamp) ?? now;
  const scope = run.pathScope(effective);
  if (state.SecondsPath !== undefined) {
    const value = evaluateFieldPath(state.SecondsPath, 'SecondsPath', scope);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new StatesRuntimeError(
        `The SecondsPath parameter cannot be parsed as a long value: ${state.SecondsPath} == ${show(value)}`,
      );
    }
    if (value < 0) {
      throw new StatesRuntimeError(
        `The SecondsPath parameter references a negative value: ${state.SecondsPath} == ${show(value)}`,
      );
    }
    return now + value * 1000;
  }
  const path = state.TimestampPath ?? '$';
  const value = evaluateFieldPath(path, 'TimestampPath', scope);
  const at = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (at === undefined) {
    throw new StatesRuntimeError(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${show(value)}`,
    );
  }
  return at;
}

function show(value: Json): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}
