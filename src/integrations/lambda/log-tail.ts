/** The last 4 KB of an invocation's log, base64: Invoke's `X-Amz-Log-Result` with `LogType: Tail`. */
import { join } from 'node:path';
import { readTail } from '../logs';

const TAIL_BYTES = 4096;

export function readLogTail(logsDir: string, file: string): string {
  return readTail(join(logsDir, file), TAIL_BYTES).bytes.toString('base64');
}
