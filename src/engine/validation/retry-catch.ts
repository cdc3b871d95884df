import type { Diagnostics } from './diagnostics';
import { field, item } from './diagnostics';
import { checkAssign } from './assign';
import { checkJsonataValue, checkPathField } from './expressions';
import type { StateContext } from './context';
import { CATCHER_FIELDS, RETRIER_FIELDS } from './state-fields';
import { isInteger, isJsonObject, quoteList } from './values';

const STATES_ALL = 'States.ALL';
const MAX_INTERVAL_SECONDS = 99999999;
const MAX_ATTEMPTS = 99999999;
const MAX_DELAY_SECONDS = 31622400;
const JITTER_STRATEGIES = ['FULL', 'NONE'];

export function checkRetry(context: StateContext): void {
  const retry = context.state['Retry'];
  const location = field(context.location, 'Retry');
  const { diagnostics } = context.definition;
  if (!Array.isArray(retry)) {
    diagnostics.schema("The field 'Retry' must be an array", location);
    return;
  }
  retry.forEach((retrier, index) => {
    const at = item(location, index);
    if (!isJsonObject(retrier)) {
      diagnostics.schema('A retrier must be a JSON object', at);
      return;
    }
    rejectUnknown(retrier, RETRIER_FIELDS, at, diagnostics);
    checkErrorEquals(retrier['ErrorEquals'], at, index === retry.length - 1, diagnostics);
    const interval = retrier['IntervalSeconds'];
    if (interval !== undefined && !(isInteger(interval) && interval >= 1 && interval <= MAX_INTERVAL_SECONDS)) {
      diagnostics.schema(
        `The field 'IntervalSeconds' must be an integer between 1 and ${MAX_INTERVAL_SECONDS}`,
        field(at, 'IntervalSeconds'),
      );
    }
    const attempts = retrier['MaxAttempts'];
    if (attempts !== undefined && !(isInteger(attempts) && attempts >= 0 && attempts <= MAX_ATTEMPTS)) {
      diagnostics.schema(
        `The field 'MaxAttempts' must be an integer between 0 and ${MAX_ATTEMPTS}`,
        field(at, 'MaxAttempts'),
      );
    }
    const backoff = retrier['BackoffRate'];
    if (backoff !== undefined && !(typeof backoff === 'number' && backoff >= 1)) {
      diagnostics.schema(
        "The field 'BackoffRate' must be a number greater than or equal to 1.0",
        field(at, 'BackoffRate'),
      );
    }
    const maxDelay = retrier['MaxDelaySeconds'];
    if (maxDelay !== undefined && !(isInteger(maxDelay) && maxDelay >= 1 && maxDelay <= MAX_DELAY_SECONDS)) {
      diagnostics.schema(
        `The field 'MaxDelaySeconds' must be an integer between 1 and ${MAX_DELAY_SECONDS}`,
        field(at, 'MaxDelaySeconds'),
      );
    }
    const jitter = retrier['JitterStrategy'];
    if (jitter !== undefined && !(typeof jitter === 'string' && JITTER_STRATEGIES.includes(jitter))) {
      diagnostics.schema(
        `The field 'JitterStrategy' must be one of ${quoteList(JITTER_STRATEGIES)}`,
        field(at, 'JitterStrategy'),
      );
    }
  });
}

/** Checks Catch; its Next targets are checked with the other transitions. */
export function checkCatch(context: StateContext): void {
  const catchers = context.state['Catch'];
  const location = field(context.location, 'Catch');
  const { diagnostics } = context.definition;
  if (!Array.isArray(catchers)) {
    diagnostics.schema("The field 'Catch' must be an array", location);
    return;
  }
  catchers.forEach((catcher, index) => {
    const at = item(location, index);
    if (!isJsonObject(catcher)) {
      diagnostics.schema('A catcher must be a JSON object', at);
      return;
    }
    rejectUnknown(catcher, CATCHER_FIELDS[context.language], at, diagnostics);
    checkErrorEquals(catcher['ErrorEquals'], at, index === catchers.length - 1, diagnostics);
    if (typeof catcher['Next'] !== 'string') diagnostics.schema('These fields are required: [Next]', at);
    const errorScope = { result: false, errorOutput: true };
    if (catcher['ResultPath'] !== undefined) {
      checkPathField(catcher['ResultPath'], 'ResultPath', 'resultPath', field(at, 'ResultPath'), diagnostics, true);
    }
    if (catcher['Output'] !== undefined)
      checkJsonataValue(catcher['Output'], 'Output', field(at, 'Output'), errorScope, diagnostics);
    if (catcher['Assign'] !== undefined)
      checkAssign(catcher['Assign'], field(at, 'Assign'), context.language, errorScope, diagnostics);
  });
}

function checkErrorEquals(errorEquals: unknown, location: string, isLast: boolean, diagnostics: Diagnostics): void {
  const at = field(location, 'ErrorEquals');
  if (errorEquals === undefined) {
    diagnostics.schema('These fields are required: [ErrorEquals]', location);
    return;
  }
  if (
    !Array.isArray(errorEquals) ||
    errorEquals.length === 0 ||
    !errorEquals.every((name) => typeof name === 'string')
  ) {
    diagnostics.schema("The field 'ErrorEquals' must be a non-empty array of error names", at);
    return;
  }
  if (errorEquals.includes(STATES_ALL) && (errorEquals.length > 1 || !isLast)) {
    diagnostics.schema(`${STATES_ALL} must appear alone in ErrorEquals and only in the last retrier or catcher`, at);
  }
}

function rejectUnknown(
  value: Record<string, unknown>,
  allowed: readonly string[],
  location: string,
  diagnostics: Diagnostics,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) diagnostics.schema(`Field '${key}' is not supported`, location);
  }
}
