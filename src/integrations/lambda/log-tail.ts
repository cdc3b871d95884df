/** The last 4 KB of an invocation's log, base64: Invoke's `X-Amz-Log-Result` with `LogType: Tail`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TAIL_BYTES = 4096;

export function readLogTail(logsDir: string, file: string): string {
  try {
    const bytes = readFileSync(join(logsDir, file));
    return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
  } catch {
    return '';
  }
}
