import type { Json } from '../../../../src/engine/json';
import type { JsonataBindings } from '../../../../src/engine/jsonata';

export function bindingsWith(
  overrides: Partial<JsonataBindings> = {},
  variables: Record<string, Json> = {},
): JsonataBindings {
  return {
    input: {},
    context: { State: { Name: 'S' } },
    variables: new Map(Object.entries(variables)),
    random: () => 0.25,
    uuid: () => '11111111-2222-4333-8444-555555555555',
    ...overrides,
  };
}

/** The cause of the QueryEvaluationError `promise` rejects with. */
export async function causeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
  } catch (error) {
    const { error: name, cause } = error as { error: string; cause: string | null };
    expect(name).toBe('States.QueryEvaluationError');
    return cause;
  }
  throw new Error('expected a QueryEvaluationError');
}
