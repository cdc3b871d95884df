/**
 * One child execution as the ResultWriter records it under Transformation NONE (spec §1.6): the
 * DescribeExecution view of the child, Input and Output as JSON text. FAILED, TIMED_OUT and ABORTED children
 * carry Error/Cause instead of Output; PENDING ones (never started) carry what is known.
 */
import type { JsonObject } from '../../engine';

export interface ChildResultRecord {
  ExecutionArn: string;
  /** The child's input, as a JSON string. */
  Input: string;
  InputDetails: { Included: boolean };
  Name: string;
  /** The child's output, as a JSON string: SUCCEEDED only. */
  Output?: string;
  OutputDetails?: { Included: boolean };
  RedriveCount: number;
  RedriveStatus: string;
  RedriveStatusReason?: string;
  /** ISO-8601 with milliseconds. */
  StartDate: string;
  StateMachineArn: string;
  /** SUCCEEDED, FAILED, TIMED_OUT, ABORTED, or PENDING. */
  Status: string;
  StopDate?: string;
  Error?: string;
  Cause?: string;
}

export type ResultCategory = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** Which file a child goes to: timed-out and aborted children are FAILED; never-started ones PENDING. */
export function categoryOf(record: ChildResultRecord): ResultCategory {
  switch (record.Status) {
    case 'SUCCEEDED':
      return 'SUCCEEDED';
    case 'FAILED':
    case 'TIMED_OUT':
    case 'ABORTED':
      return 'FAILED';
    default:
      return 'PENDING';
  }
}

// AWS writes a record's fields in alphabetical order, whatever order the record was built in.
const FIELD_ORDER = [
  'Cause',
  'Error',
  'ExecutionArn',
  'Input',
  'InputDetails',
  'Name',
  'Output',
  'OutputDetails',
  'RedriveCount',
  'RedriveStatus',
  'RedriveStatusReason',
  'StartDate',
  'StateMachineArn',
  'Status',
  'StopDate',
] as const;

/** The record as written: known fields in AWS's order, absent ones left out. */
export function recordObject(record: ChildResultRecord): JsonObject {
  const out: JsonObject = {};
  for (const field of FIELD_ORDER) {
    const value = record[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}
