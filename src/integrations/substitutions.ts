/**
 * `${Name}` placeholders, filled the way CloudFormation fills a state machine's DefinitionSubstitutions: plain
 * text replacement before the definition is parsed, so a placeholder may stand inside a string or for a whole
 * number. A placeholder with no value is an error (CloudFormation refuses to deploy it too).
 */
import { ConfigError } from './errors';

export type Substitutions = Readonly<Record<string, string>>;

const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/** Every `${Name}` with a value replaced; the names without one are listed and left in the text as they were. */
export function substitute(
  definitionText: string,
  substitutions: Substitutions,
): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const text = definitionText.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(substitutions, name)) return substitutions[name] ?? whole;
    unresolved.add(name);
    return whole;
  });
  return { text, unresolved: [...unresolved] };
}

/** The definition text with every `${Name}` replaced; throws a ConfigError naming every unknown placeholder. */
export function applySubstitutions(definitionText: string, substitutions: Substitutions): string {
  const { text, unresolved } = substitute(definitionText, substitutions);
  if (unresolved.length > 0) {
    const names = unresolved.map((n) => `\${${n}}`).join(', ');
    throw new ConfigError(
      `the definition uses ${names} but the profile's "substitutions" has no value for ${unresolved.length === 1 ? 'it' : 'them'}`,
    );
  }
  return text;
}
