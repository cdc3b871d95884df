/**
 * Workflow files as the CLI loads them. A workflow may hold `${Name}` placeholders (CloudFormation
 * DefinitionSubstitutions) for what differs between AWS and the local machine; infra/ fills them on deploy and a
 * local profile fills them here. This is the one place that does the substitution.
 */
import { substitute, type Substitutions } from '../integrations';

export type { Substitutions };
import { stateMachineNameFor } from '../runtime';
import { readTextFile } from './files';

export interface Workflow {
  path: string;
  /** The state machine name: the file name without `.asl.json`/`.json`. */
  name: string;
  /** The definition text after substitution. */
  definition: string;
  /** Placeholders the substitutions did not cover, left in the text as they were. */
  unresolved: string[];
}

export function loadWorkflow(path: string, substitutions: Substitutions = {}): Workflow {
  const { text, unresolved } = substitute(readTextFile(path, 'workflow'), substitutions);
  return { path, name: stateMachineNameFor(path), definition: text, unresolved };
}
