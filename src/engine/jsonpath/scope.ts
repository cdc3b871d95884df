import type { Json } from '../json';

/** What paths can see. `$` = input, `$$` = context object, `$name` = a workflow variable. */
export interface PathScope {
  input: Json;
  context: Json;
  /** Workflow variables visible to the state; absent key = not bound. */
  variables: ReadonlyMap<string, Json>;
  /**
   * Source of States.MathRandom's randomness, uniform in [0, 1). Ignored when the call passes a seed.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Source of States.UUID's values (version 4 UUID text).
   * @default crypto.randomUUID
   */
  uuid?: () => string;
}

export type QueryResult = { found: true; value: Json } | { found: false };
