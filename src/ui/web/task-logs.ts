/**
 * A Task state's logs under its details: what each ECS task, Batch job or Lambda invocation of the state wrote
 * (the local stand-in for the console's CloudWatch Logs link), each with the `fanout logs` command that follows it.
 */
import type { TaskLogView } from '../resource-views';
import { api, formatDuration, formatTime, h } from './dom';

export async function taskLogsSection(executionArn: string, stateName: string): Promise<HTMLElement | undefined> {
  const logs = await api<TaskLogView[]>(
    `/ui/api/logs?arn=${encodeURIComponent(executionArn)}&state=${encodeURIComponent(stateName)}`,
  );
  if (logs.length === 0) return undefined;
  const section = h('section', { class: 'run', id: 'task-logs' }, h('h4', {}, `Logs (${logs.length})`));
  for (const log of logs) {
    const ended =
      log.stoppedAt === undefined
        ? 'running'
        : `${log.exitCode === undefined || log.exitCode === null || kindOf(log.arn) === 'Lambda' ? 'ended' : `exit ${log.exitCode}`} after ${formatDuration(log.stoppedAt - log.startedAt)}`;
    section.append(
      h(
        'details',
        { 'data-log': log.arn, open: logs.length === 1 },
        h('summary', {}, `${kindOf(log.arn)} ${shortName(log.arn)} — ${formatTime(log.startedAt)}, ${ended}`),
        h(
          'p',
          { class: 'muted' },
          log.truncated ? 'The last 64 KB; all of it: ' : 'Follow it with ',
          h('code', {}, `fanout logs ${log.arn}`),
        ),
        h('pre', {}, log.text === '' ? '(nothing written)' : log.text),
      ),
    );
  }
  return section;
}

function kindOf(arn: string): string {
  if (arn.includes(':lambda:')) return 'Lambda';
  if (arn.includes(':batch:')) return 'Batch job';
  return 'ECS task';
}

function shortName(arn: string): string {
  return arn.split(/[:/]/).slice(-1)[0] ?? arn;
}
