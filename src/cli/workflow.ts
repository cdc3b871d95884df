/**
 * Workflow files as the CLI loads them. A workflow may hold `${Name}` placeholders (CloudFormation
 * DefinitionSubstitutions) for what differs between AWS and the local machine; infra/ fills them on deploy and a
 * local profile fills them here. This is the one place that does the substitution.
 */
import { basename } from 'node:path';
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

export type Substitutions = Readonly<Record<string, string>>;

export function loadWorkflow(path: string, substitutions: Substitutions = {}): Workflow {
  const { text, unresolved } = substitute(readTextFile(path, 'workflow'), substitutions);
  return { path, name: stateMachineNameFor(path), definition: text, unresolved };
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/**
 * Replaces `${Name}` with its value as raw text, as CloudFormation does (so a placeholder may stand for a number
 * outside quotes). Unknown names stay: a later step decides whether they are an error.
 */
export function substitute(text: string, substitutions: Substitutions): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const result = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(substitutions, name)) return substitutions[name] ?? whole;
    unresolved.add(name);
    return whole;
  });
  return { text: result, unresolved: [...unresolved] };
}

/** State machine names allow letters, digits, '-' and '_' (up to 80); anything else in a file name becomes '-'. */
export function stateMachineNameFor(path: string): string {
  const base = basename(path).replace(/\.asl\.json$|\.json$/i, '');
  const name = base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  return name === '' ? 'workflow' : name;
}
