import type { StateType } from '../asl';
import type { DefinitionContext } from './context';
import { DiagnosticCode, field, item } from './diagnostics';
import { checkState } from './state';
import { BRANCH_FIELDS, MACHINE_FIELDS, PROCESSOR_FIELDS } from './state-fields';
import type { JsonObject } from './values';
import { isJsonObject, quoteList } from './values';

export type ScopeKind = 'machine' | 'branch' | 'processor';

const SCOPE_FIELDS: Record<ScopeKind, readonly string[]> = {
  machine: MACHINE_FIELDS,
  branch: BRANCH_FIELDS,
  processor: PROCESSOR_FIELDS,
};

interface Transition {
  target: string;
  location: string;
}

/**
 * Checks one StartAt/States scope — the machine, a Parallel branch or a Map's ItemProcessor — and the scopes
 * nested in it. Transitions never leave a scope, so targets, reachability and terminal states are per scope.
 */
export function checkScope(definition: DefinitionContext, scope: unknown, location: string, kind: ScopeKind): void {
  const { diagnostics } = definition;
  if (!isJsonObject(scope)) {
    diagnostics.schema('The value must be a JSON object with StartAt and States', location);
    return;
  }
  const missing = ['States', 'StartAt'].filter((name) => scope[name] === undefined);
  if (missing.length > 0) {
    diagnostics.schema(`These fields are required: ${quoteList(missing)}`, location);
    return;
  }
  for (const key of Object.keys(scope)) {
    if (!SCOPE_FIELDS[kind].includes(key)) diagnostics.schema(`Field '${key}' is not supported`, location);
  }
  const states = scope['States'];
  const statesLocation = field(location, 'States');
  if (!isJsonObject(states) || Object.keys(states).length === 0) {
    diagnostics.schema("The field 'States' should be a non-empty JSON object", statesLocation);
    return;
  }
  const startAt = scope['StartAt'];
  if (typeof startAt !== 'string') {
    diagnostics.schema("The field 'StartAt' must be a string", field(location, 'StartAt'));
  } else if (!(startAt in states)) {
    diagnostics.error(
      DiagnosticCode.MissingTransitionTarget,
      `Missing 'Next' target: ${startAt}`,
      field(location, 'StartAt'),
    );
  }

  const transitions = new Map<string, Transition[]>();
  let hasTerminal = false;
  for (const [name, state] of Object.entries(states)) {
    const stateLocation = field(statesLocation, name);
    const earlier = definition.stateNames.get(name);
    if (earlier !== undefined) {
      diagnostics.error(DiagnosticCode.DuplicateStateName, `Duplicate State name: ${name}`, stateLocation);
    } else {
      definition.stateNames.set(name, stateLocation);
    }
    if (!isJsonObject(state)) {
      diagnostics.schema(`State '${name}' must be a JSON object`, stateLocation);
      continue;
    }
    const type = checkState(definition, name, state, stateLocation);
    transitions.set(name, outgoing(state, stateLocation));
    if (type === 'Succeed' || type === 'Fail' || state['End'] === true) hasTerminal = true;
    checkNestedScopes(definition, type, state, stateLocation);
  }

  for (const edges of transitions.values()) {
    for (const { target, location: at } of edges) {
      if (!(target in states))
        diagnostics.error(DiagnosticCode.MissingTransitionTarget, `Missing 'Next' target: ${target}`, at);
    }
  }
  if (typeof startAt === 'string' && startAt in states) {
    const reached = reachable(startAt, transitions);
    for (const name of Object.keys(states)) {
      if (!reached.has(name)) {
        diagnostics.error(
          DiagnosticCode.MissingTransitionTarget,
          `State "${name}" is not reachable.`,
          field(statesLocation, name),
        );
      }
    }
  }
  if (!hasTerminal)
    diagnostics.error(DiagnosticCode.MissingTerminalState, 'Workflow has no terminal state', statesLocation);
}

function checkNestedScopes(
  definition: DefinitionContext,
  type: StateType | undefined,
  state: JsonObject,
  location: string,
): void {
  if (type === 'Parallel') {
    const branches = state['Branches'];
    const at = field(location, 'Branches');
    if (branches === undefined) definition.diagnostics.schema('These fields are required: [Branches]', location);
    else if (!Array.isArray(branches) || branches.length === 0)
      definition.diagnostics.schema("The field 'Branches' must be a non-empty array", at);
    else branches.forEach((branch, index) => checkScope(definition, branch, item(at, index), 'branch'));
  } else if (type === 'Map') {
    for (const name of ['ItemProcessor', 'Iterator']) {
      if (state[name] !== undefined) checkScope(definition, state[name], field(location, name), 'processor');
    }
  }
}

/** Next, Default, every Choice rule's Next and every Catch's Next. */
function outgoing(state: JsonObject, location: string): Transition[] {
  const edges: Transition[] = [];
  const add = (value: unknown, at: string): void => {
    if (typeof value === 'string') edges.push({ target: value, location: at });
  };
  add(state['Next'], field(location, 'Next'));
  add(state['Default'], field(location, 'Default'));
  for (const list of ['Choices', 'Catch']) {
    const rules = state[list];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, index) => {
      if (isJsonObject(rule)) add(rule['Next'], field(item(field(location, list), index), 'Next'));
    });
  }
  return edges;
}

function reachable(startAt: string, transitions: ReadonlyMap<string, Transition[]>): Set<string> {
  const reached = new Set<string>([startAt]);
  const pending = [startAt];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const { target } of transitions.get(name) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        pending.push(target);
      }
    }
  }
  return reached;
}
