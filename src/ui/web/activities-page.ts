/** `/ui/activities`: every activity with the tasks waiting for a worker, the tasks workers hold, and the pollers. */
import type { ActivityTaskView, ActivityView } from '../resource-views';
import { api, clear, executionUrl, formatTime, h } from './dom';

export async function activitiesPage(main: HTMLElement): Promise<void> {
  const activities = await api<ActivityView[]>('/ui/api/activities');
  clear(main);
  main.append(h('h1', {}, 'Activities'));
  if (activities.length === 0) {
    main.append(h('p', { class: 'notice' }, 'No activities yet: create one with CreateActivity.'));
    return;
  }
  for (const a of activities) {
    main.append(
      h('h2', { 'data-activity': a.name }, a.name),
      h(
        'div',
        { class: 'meta' },
        h('span', {}, 'Waiting ', h('b', {}, String(a.waiting.length))),
        h('span', {}, 'Held by workers ', h('b', {}, String(a.running.length))),
        h('span', {}, 'Workers polling ', h('b', {}, String(a.pollers))),
        h('span', {}, 'Created ', h('b', {}, formatTime(a.creationDate))),
      ),
    );
    const tasks = [...a.waiting.map((t) => ['waiting', t] as const), ...a.running.map((t) => ['held', t] as const)];
    if (tasks.length === 0) {
      main.append(h('p', { class: 'muted' }, 'No tasks.'));
      continue;
    }
    const body = h('tbody');
    for (const [status, task] of tasks) body.append(row(status, task));
    main.append(
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h('tr', {}, ...['Status', 'Execution', 'State', 'Scheduled', 'Taken', 'Worker'].map((t) => h('th', {}, t))),
        ),
        body,
      ),
    );
  }
}

function row(status: string, task: ActivityTaskView): HTMLElement {
  return h(
    'tr',
    { 'data-task-status': status },
    h('td', {}, status),
    h('td', { class: 'wrap' }, h('a', { href: executionUrl(task.executionArn) }, task.executionArn.split(':').pop())),
    h('td', {}, task.stateName),
    h('td', {}, formatTime(task.scheduled)),
    h('td', {}, task.started === undefined ? '' : formatTime(task.started)),
    h('td', {}, task.workerName ?? ''),
  );
}
