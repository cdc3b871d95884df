/**
 * The state a TestState request tests: the lone state of `definition`, or the state `stateName` names anywhere in a
 * whole machine (inside Parallel branches and Map processors too), with the query language it runs under.
 */
import type { QueryLanguage, StateDefinition, StateMachineDefinition } from '../../engine';
import type { EngineBinding } from '../engine-binding';
import { invalidDefinition, serviceError } from '../errors';

/** The name AWS gives a lone state when it reports where a definition is wrong ("/States/StateName/..."). */
export const LONE_STATE_NAME = 'StateName';

export interface TestedState {
  name: string;
  state: StateDefinition;
  queryLanguage: QueryLanguage;
}

export function testedState(text: string, stateName: string | undefined, engine: EngineBinding): TestedState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw invalidDefinition(
      `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${e instanceof Error ? e.message : String(e)}'`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidDefinition(`Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Expected an object at /'`);
  }
  const isMachine = 'States' in parsed || 'StartAt' in parsed;
  if (isMachine) {
    check(text, engine);
    const machine = parsed as StateMachineDefinition;
    const name = stateName ?? machine.StartAt;
    const found = findState(machine, name, machine.QueryLanguage ?? 'JSONPath');
    if (found === undefined) throw serviceError('ValidationException', 'State not found in definition');
    return found;
  }
  if (stateName !== undefined) {
    throw serviceError('ValidationException', 'stateName can only be used with a state machine definition');
  }
  const state = parsed as StateDefinition;
  check(JSON.stringify(loneStateMachine(state)), engine);
  return { name: LONE_STATE_NAME, state, queryLanguage: 'JSONPath' };
}

function check(text: string, engine: EngineBinding): void {
  const result = engine.validateDefinition(text, { type: 'STANDARD' });
  if (result.result !== 'OK') throw invalidDefinition(engine.invalidDefinitionMessage(result));
}

/**
 * A lone state as a machine the validator accepts: the states it transitions to exist as stubs, since a tested
 * state's Next, Default and Catch targets are only names.
 */
function loneStateMachine(state: StateDefinition): StateMachineDefinition {
  const targets = new Set<string>();
  if (typeof state.Next === 'string') targets.add(state.Next);
  if (typeof state.Default === 'string') targets.add(state.Default);
  for (const rule of state.Choices ?? []) if (typeof rule.Next === 'string') targets.add(rule.Next);
  for (const catcher of state.Catch ?? []) if (typeof catcher.Next === 'string') targets.add(catcher.Next);
  targets.delete(LONE_STATE_NAME);
  const states: Record<string, StateDefinition> = { [LONE_STATE_NAME]: state };
  for (const name of targets) states[name] = { Type: 'Succeed' };
  return { StartAt: LONE_STATE_NAME, States: states };
}

function findState(
  machine: StateMachineDefinition,
  name: string,
  queryLanguage: QueryLanguage,
): TestedState | undefined {
  const states = machine.States;
  const state = Object.prototype.hasOwnProperty.call(states, name) ? states[name] : undefined;
  if (state !== undefined) return { name, state, queryLanguage };
  for (const candidate of Object.values(states)) {
    const inner = queryLanguage;
    const nested = [...(candidate.Branches ?? []), ...(candidate.ItemProcessor ? [candidate.ItemProcessor] : [])];
    if (candidate.Iterator) nested.push(candidate.Iterator);
    for (const child of nested) {
      const found = findState(child, name, child.QueryLanguage ?? candidate.QueryLanguage ?? inner);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
