/** The batch operations' answer: each entry succeeds or fails on its own, with the SQS error it would have had. */
import { isWireError } from '../protocol/wire-error';
import { batchEntries, type Input } from './params';

export interface BatchResult<T> {
  Successful: (T & { Id: string })[];
  Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[];
}

/** Runs `run` on each entry of the request's Entries; a service error fails that entry only. */
export function eachEntry<T extends object>(input: Input, run: (entry: Input) => T): BatchResult<T> {
  const result: BatchResult<T> = { Successful: [], Failed: [] };
  for (const entry of batchEntries(input)) {
    const id = entry['Id'] as string;
    try {
      result.Successful.push({ Id: id, ...run(entry) });
    } catch (error) {
      if (!isWireError(error)) throw error;
      result.Failed.push({ Id: id, SenderFault: true, Code: error.queryCode, Message: error.message });
    }
  }
  return result;
}
