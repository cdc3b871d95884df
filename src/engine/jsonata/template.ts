/**
 * The `{% ... %}` syntax that marks a JSONata expression inside an ASL value.
 */

const OPEN = '{%';
const CLOSE = '%}';

/**
 * True for a string that is exactly one JSONata template: starts with "{%" and ends with "%}". AWS allows no
 * padding outside the delimiters, so " {% x %} " is a plain string.
 */
export function isJsonataTemplate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= OPEN.length + CLOSE.length &&
    value.startsWith(OPEN) &&
    value.endsWith(CLOSE)
  );
}

/**
 * The expression between the delimiters, trimmed: what JSONata evaluates and what AWS quotes in its causes
 * ("{% $fn := function($x){$x} %}" is quoted as '$fn := function($x){$x}').
 */
export function jsonataExpressionText(template: string): string {
  return template.slice(OPEN.length, template.length - CLOSE.length).trim();
}
