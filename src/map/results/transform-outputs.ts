/**
 * WriterConfig.Transformation applied to child results (spec §1.6): NONE keeps the whole record; COMPACT keeps
 * a successful child's output only; FLATTEN also splices an output that is an array into the result. A child
 * that did not succeed always appears as its NONE record.
 */
import type { Json } from '../../engine';
import type { ChildResultRecord } from './child-result-record';
import { recordObject } from './child-result-record';

export type ResultTransformation = 'NONE' | 'COMPACT' | 'FLATTEN';

/** The entries one record contributes to a result: none, one or (FLATTEN) many. */
export function recordEntries(record: ChildResultRecord, transformation: ResultTransformation): Json[] {
  if (transformation === 'NONE' || record.Status !== 'SUCCEEDED') return [recordObject(record)];
  const output = JSON.parse(record.Output ?? 'null') as Json;
  return transformation === 'FLATTEN' && Array.isArray(output) ? output : [output];
}

/** The Map state's result without an export: the records' entries in order. */
export function transformOutputs(records: Iterable<ChildResultRecord>, transformation: ResultTransformation): Json[] {
  const out: Json[] = [];
  for (const record of records) {
    for (const entry of recordEntries(record, transformation)) out.push(entry);
  }
  return out;
}
