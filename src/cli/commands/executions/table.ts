import type { ExecutionListItem } from '@aws-sdk/client-sfn';
import { renderTable } from '../../format/table';
import { formatDuration, formatTimestamp } from '../../format/time';

/** Newest first; a running execution's duration is how long it has run so far, as of `now`. */
export function renderExecutionsTable(executions: readonly ExecutionListItem[], now: Date): string {
  const sorted = [...executions].sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
  const rows = sorted.map((e) => {
    const start = e.startDate?.getTime();
    const end = e.stopDate?.getTime() ?? now.getTime();
    return [
      e.name ?? '',
      stateMachineName(e.stateMachineArn),
      e.status ?? '',
      formatTimestamp(e.startDate),
      start === undefined ? '-' : formatDuration(end - start),
    ];
  });
  return renderTable(['NAME', 'STATE MACHINE', 'STATUS', 'START', 'DURATION'], rows);
}

/** arn:aws:states:<region>:<account>:stateMachine:<name>[:<version or alias>] → name */
export function stateMachineName(arn: string | undefined): string {
  if (arn === undefined) return '';
  const parts = arn.split(':');
  return parts[6] ?? arn;
}
