import type { StateContext } from './context';
import { field } from './diagnostics';
import { atMostOne, exactlyOne } from './field-rules';
import { unrecognisedResource, unrecognisedResourceMessage } from './resource';
import { isInteger, isJsonataExpression } from './values';

const MAX_SECONDS = 99999999;

export function checkTask(context: StateContext): void {
  const { state, location } = context;
  const { diagnostics, machineType } = context.definition;
  const resource = state['Resource'];
  if (resource === undefined) diagnostics.schema('These fields are required: [Resource]', location);
  else if (typeof resource !== 'string')
    diagnostics.schema("The field 'Resource' must be a string", field(location, 'Resource'));
  else if (unrecognisedResource(resource, context.definition.resources))
    diagnostics.schema(unrecognisedResourceMessage(resource), field(location, 'Resource'));
  else if (machineType === 'EXPRESS') {
    if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource)) {
      diagnostics.schema('Express state machine does not support Activity ARN', field(location, 'Resource'));
    }
    // Recorded AWS wording: the '.waitForTaskToken' message ends with a space before " at", the '.sync' one not.
    for (const [pattern, ending] of [
      ['.waitForTaskToken', ' '],
      ['.sync', ''],
    ] as const) {
      if (resource.includes(pattern)) {
        diagnostics.schema(
          `Express state machine does not support '${pattern}' service integration${ending}`,
          field(location, 'Resource'),
        );
      }
    }
  }
  atMostOne(state, ['TimeoutSeconds', 'TimeoutSecondsPath'], location, diagnostics);
  atMostOne(state, ['HeartbeatSeconds', 'HeartbeatSecondsPath'], location, diagnostics);
  const timeout = state['TimeoutSeconds'];
  const heartbeat = state['HeartbeatSeconds'];
  for (const [name, value] of [
    ['TimeoutSeconds', timeout],
    ['HeartbeatSeconds', heartbeat],
  ] as const) {
    if (
      value !== undefined &&
      !isJsonataExpression(value) &&
      !(isInteger(value) && value > 0 && value <= MAX_SECONDS)
    ) {
      diagnostics.schema(
        `The field '${name}' must be a positive integer no greater than ${MAX_SECONDS}`,
        field(location, name),
      );
    }
  }
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
    diagnostics.schema(
      "The field 'HeartbeatSeconds' must be smaller than the field 'TimeoutSeconds'",
      field(location, 'HeartbeatSeconds'),
    );
  }
}

export function checkWait(context: StateContext): void {
  const { state, location } = context;
  const { diagnostics } = context.definition;
  exactlyOne(state, ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'], location, diagnostics);
  const seconds = state['Seconds'];
  if (
    seconds !== undefined &&
    !isJsonataExpression(seconds) &&
    !(isInteger(seconds) && seconds >= 0 && seconds <= MAX_SECONDS)
  ) {
    diagnostics.schema(
      `The field 'Seconds' must be an integer between 0 and ${MAX_SECONDS}`,
      field(location, 'Seconds'),
    );
  }
  const timestamp = state['Timestamp'];
  if (timestamp !== undefined && typeof timestamp !== 'string') {
    diagnostics.schema("The field 'Timestamp' must be a string", field(location, 'Timestamp'));
  }
}

export function checkFail(context: StateContext): void {
  const { state, location } = context;
  const { diagnostics } = context.definition;
  atMostOne(state, ['Error', 'ErrorPath'], location, diagnostics);
  atMostOne(state, ['Cause', 'CausePath'], location, diagnostics);
  for (const name of ['Error', 'Cause']) {
    const value = state[name];
    if (value !== undefined && typeof value !== 'string')
      diagnostics.schema(`The field '${name}' must be a string`, field(location, name));
  }
}
