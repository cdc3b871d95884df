import type { Json } from '../json';

/** What a JSONata expression in a state can see. */
export interface JsonataBindings {
  /** $states.input */
  input: Json;
  /** $states.context */
  context: Json;
  /** $states.result — only where AWS makes it available */
  result?: Json;
  /** $states.errorOutput — only in a Catch's Output/Assign */
  errorOutput?: Json;
  /** workflow variables, bound as $name */
  variables: ReadonlyMap<string, Json>;
  /** for $random() and $uuid() (the engine injects its ports) */
  random: () => number;
  uuid: () => string;
}
