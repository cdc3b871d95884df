import type { QueryLanguage, StateType } from '../asl';

interface FieldSet {
  /** Fields valid whatever the query language. */
  readonly any: readonly string[];
  readonly jsonPath: readonly string[];
  readonly jsonata: readonly string[];
}

export const STATE_TYPES: readonly StateType[] = [
  'Pass',
  'Task',
  'Choice',
  'Wait',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];

/** The JSONPath input and output processing fields of the states that run work: Task, Parallel and Map. */
const JSONPATH_WORK_IO = ['InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath'];

/** Which fields each state type accepts, per query language (AWS "transforming data" and state pages). */
const STATE_FIELDS: Record<StateType, FieldSet> = {
  Pass: {
    any: ['Next', 'End', 'Assign'],
    jsonPath: ['InputPath', 'OutputPath', 'Parameters', 'ResultPath', 'Result'],
    jsonata: ['Output'],
  },
  Task: {
    any: ['Next', 'End', 'Assign', 'Resource', 'Credentials', 'TimeoutSeconds', 'HeartbeatSeconds', 'Retry', 'Catch'],
    jsonPath: [...JSONPATH_WORK_IO, 'TimeoutSecondsPath', 'HeartbeatSecondsPath'],
    jsonata: ['Arguments', 'Output'],
  },
  Choice: { any: ['Choices', 'Default', 'Assign'], jsonPath: ['InputPath', 'OutputPath'], jsonata: ['Output'] },
  Wait: {
    any: ['Next', 'End', 'Assign', 'Seconds', 'Timestamp'],
    jsonPath: ['InputPath', 'OutputPath', 'SecondsPath', 'TimestampPath'],
    jsonata: ['Output'],
  },
  Succeed: { any: [], jsonPath: ['InputPath', 'OutputPath'], jsonata: ['Output'] },
  Fail: { any: ['Error', 'Cause'], jsonPath: ['ErrorPath', 'CausePath'], jsonata: [] },
  Parallel: {
    any: ['Next', 'End', 'Assign', 'Branches', 'Retry', 'Catch'],
    jsonPath: JSONPATH_WORK_IO,
    jsonata: ['Arguments', 'Output'],
  },
  Map: {
    any: [
      'Next',
      'End',
      'Assign',
      'ItemProcessor',
      'Iterator',
      'ItemSelector',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'MaxConcurrency',
      'ToleratedFailurePercentage',
      'ToleratedFailureCount',
      'Label',
      'Retry',
      'Catch',
    ],
    jsonPath: [
      ...JSONPATH_WORK_IO,
      'ItemsPath',
      'MaxConcurrencyPath',
      'ToleratedFailurePercentagePath',
      'ToleratedFailureCountPath',
    ],
    jsonata: ['Items', 'Output'],
  },
};

export type FieldVerdict = 'ok' | 'unknown' | 'jsonPathOnly' | 'jsonataOnly';

export function checkStateField(type: StateType, language: QueryLanguage, name: string): FieldVerdict {
  const fields = STATE_FIELDS[type];
  if (COMMON.includes(name) || fields.any.includes(name)) return 'ok';
  if (fields.jsonPath.includes(name)) return language === 'JSONPath' ? 'ok' : 'jsonPathOnly';
  if (fields.jsonata.includes(name)) return language === 'JSONata' ? 'ok' : 'jsonataOnly';
  return 'unknown';
}

/** States that move on with Next or stop with End (Choice, Succeed and Fail do neither). */
export function hasNextOrEnd(type: StateType): boolean {
  return STATE_FIELDS[type].any.includes('Next');
}

export const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];

export const CATCHER_FIELDS: Record<QueryLanguage, readonly string[]> = {
  JSONPath: ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'],
  JSONata: ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'],
};

export const MACHINE_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];
export const BRANCH_FIELDS = ['Comment', 'StartAt', 'States'];
export const PROCESSOR_FIELDS = ['Comment', 'StartAt', 'States', 'ProcessorConfig'];
