import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { formatDuration } from '../../format/time';

export interface Outcome {
  /** For stderr: "SUCCEEDED in 1.2 s", or "FAILED: error: cause" with the failing state. */
  status: string;
  /** For stdout: the output, pretty-printed, when there is one. */
  output: string | undefined;
}

export function formatOutcome(execution: DescribeExecutionOutput, failingState: string | undefined): Outcome {
  const status = execution.status ?? 'UNKNOWN';
  const took =
    execution.startDate !== undefined && execution.stopDate !== undefined
      ? ` in ${formatDuration(execution.stopDate.getTime() - execution.startDate.getTime())}`
      : '';
  if (status === 'SUCCEEDED') {
    return { status: `${status}${took}\n`, output: prettyJson(execution.output ?? 'null') };
  }
  const parts = [status, execution.error ?? '', execution.cause ?? ''].filter((p, i) => i === 0 || p !== '');
  const where = failingState === undefined ? '' : `\n  in state: ${failingState}`;
  return { status: `${parts.join(': ')}${where}\n`, output: undefined };
}

function prettyJson(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return `${text}\n`;
  }
}
