/**
 * `${Name}` placeholders, filled the way CloudFormation fills a state machine's DefinitionSubstitutions: plain
 * text replacement before the definition is parsed, so a placeholder may stand inside a string or for a whole
 * number. A placeholder with no value is an error (CloudFormation refuses to deploy it too).
 */
import { ConfigError } from './errors';

export type Substitutions = Readonly<Record<string, string>>;

const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/** The definition text with every `${Name}` replaced; throws a ConfigError naming every unknown placeholder. */
export function applySubstitutions(definitionText: string, substitutions: Substitutions): string {
  const unknown = new Set<string>();
  const text = definitionText.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(substitutions, name)) return substitutions[name] ?? whole;
    unknown.add(name);
    return whole;
  });
  if (unknown.size > 0) {
    const names = [...unknown].map((n) => `\${${n}}`).join(', ');
    throw new ConfigError(
      `the definition uses ${names} but the profile's "substitutions" has no value for ${unknown.size === 1 ? 'it' : 'them'}`,
    );
  }
  return text;
}
