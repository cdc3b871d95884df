/**
 * AWS Step Functions Local's mock configuration file: `StateMachines.<name>.TestCases.<case>.<state>` names a
 * mocked response; `MockedResponses.<response>` maps invocation numbers ("0", "1-2") to `Return` (the result) or
 * `Throw` (`Error`, `Cause`). Every problem names the field it is in.
 */
import { readFileSync } from 'node:fs';
import type { Json } from '../../engine';

export type MockedOutcome = { kind: 'return'; value: Json } | { kind: 'throw'; error: string; cause: string };

/** One mocked response: outcomes by invocation, first to last. */
export interface MockedResponse {
  ranges: { from: number; to: number; outcome: MockedOutcome }[];
}

export interface MockConfig {
  /** machine name → test case → state name → mocked response */
  testCases: Map<string, Map<string, Map<string, MockedResponse>>>;
}

export class MockConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockConfigError';
  }
}

export function loadMockConfig(path: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MockConfigError(`cannot read the mock configuration ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new MockConfigError(`${path} is not JSON: ${(e as Error).message}`);
  }
  return parseMockConfig(parsed, path);
}

export function parseMockConfig(value: unknown, where = 'the mock configuration'): MockConfig {
  const root = object(value, where);
  const responses = new Map<string, MockedResponse>();
  for (const [name, byInvocation] of Object.entries(
    object(root['MockedResponses'] ?? {}, `${where}: MockedResponses`),
  )) {
    responses.set(name, parseResponse(byInvocation, `${where}: MockedResponses.${name}`));
  }
  const testCases: MockConfig['testCases'] = new Map();
  for (const [machine, entry] of Object.entries(object(root['StateMachines'] ?? {}, `${where}: StateMachines`))) {
    const cases = new Map<string, Map<string, MockedResponse>>();
    const at = `${where}: StateMachines.${machine}`;
    for (const [caseName, states] of Object.entries(object(object(entry, at)['TestCases'] ?? {}, `${at}.TestCases`))) {
      const mocked = new Map<string, MockedResponse>();
      for (const [state, responseName] of Object.entries(object(states, `${at}.TestCases.${caseName}`))) {
        const response = typeof responseName === 'string' ? responses.get(responseName) : undefined;
        if (response === undefined) {
          throw new MockConfigError(
            `${at}.TestCases.${caseName}.${state} names the mocked response ${JSON.stringify(responseName)}, which MockedResponses does not define`,
          );
        }
        mocked.set(state, response);
      }
      cases.set(caseName, mocked);
    }
    testCases.set(machine, cases);
  }
  return { testCases };
}

function parseResponse(value: unknown, at: string): MockedResponse {
  const ranges: MockedResponse['ranges'] = [];
  for (const [key, outcome] of Object.entries(object(value, at))) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (match === null)
      throw new MockConfigError(`${at}: "${key}" is not an invocation number or range such as "0" or "1-2"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new MockConfigError(`${at}: the range "${key}" ends before it starts`);
    ranges.push({ from, to, outcome: parseOutcome(outcome, `${at}.${key}`) });
  }
  if (ranges.length === 0) throw new MockConfigError(`${at} defines no invocation`);
  ranges.sort((a, b) => a.from - b.from);
  return { ranges };
}

function parseOutcome(value: unknown, at: string): MockedOutcome {
  const o = object(value, at);
  if ('Return' in o) return { kind: 'return', value: o['Return'] as Json };
  if ('Throw' in o) {
    const t = object(o['Throw'], `${at}.Throw`);
    const error = t['Error'];
    const cause = t['Cause'];
    if (typeof error !== 'string') throw new MockConfigError(`${at}.Throw.Error must be a string`);
    return { kind: 'throw', error, cause: typeof cause === 'string' ? cause : '' };
  }
  throw new MockConfigError(`${at} must have Return or Throw`);
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MockConfigError(`${at} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The outcome of the n-th invocation (0-based); past the last defined one, the last one again. */
export function outcomeAt(response: MockedResponse, invocation: number): MockedOutcome {
  for (const range of response.ranges) if (invocation >= range.from && invocation <= range.to) return range.outcome;
  return response.ranges.at(-1)!.outcome;
}
