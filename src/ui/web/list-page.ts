/** `/ui/`: every state machine with its newest executions, filtered by status. */
import { api, clear, durationBetween, executionBadge, executionUrl, formatDuration, formatTime, h } from './dom';

interface ExecutionItem {
  executionArn: string;
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
}

export interface MachineExecutions {
  stateMachineArn: string;
  name: string;
  type: string;
  executions: ExecutionItem[];
  more: boolean;
}

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export async function listPage(main: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const status = params.get('status') ?? '';
  const select = h('select', { id: 'status-filter', name: 'status' }, h('option', { value: '' }, 'All statuses'));
  for (const s of STATUSES) select.append(h('option', { value: s, selected: s === status }, s));
  select.addEventListener('change', () => {
    const url = select.value === '' ? '/ui/' : `/ui/?status=${encodeURIComponent(select.value)}`;
    history.replaceState(null, '', url);
    void listPage(main);
  });
  const machines = await api<MachineExecutions[]>(
    `/ui/api/executions${status === '' ? '' : `?status=${encodeURIComponent(status)}`}`,
  );
  clear(main);
  main.append(
    h('h1', {}, 'Executions'),
    h('form', { class: 'inline', role: 'search' }, h('label', { for: 'status-filter' }, 'Status'), select),
  );
  if (machines.length === 0) {
    main.append(h('p', { class: 'notice' }, 'No state machines yet: start one with `fanout run` or the API.'));
  }
  for (const machine of machines) {
    main.append(
      h(
        'h2',
        {},
        h('a', { href: `/ui/machines/${encodeURIComponent(machine.stateMachineArn)}` }, machine.name),
        ' ',
        h('span', { class: 'muted' }, `(${machine.type})`),
      ),
    );
    if (machine.executions.length === 0) {
      main.append(h('p', { class: 'muted' }, status === '' ? 'No executions.' : `No ${status} executions.`));
      continue;
    }
    const body = h('tbody');
    for (const e of machine.executions) {
      body.append(
        h(
          'tr',
          { 'data-execution': e.executionArn, 'data-status': e.status },
          h('td', { class: 'wrap' }, h('a', { href: executionUrl(e.executionArn) }, e.name)),
          h('td', {}, executionBadge(e.status)),
          h('td', {}, formatTime(e.startDate)),
          h('td', {}, formatDuration(durationBetween(e.startDate, e.stopDate))),
        ),
      );
    }
    main.append(
      h(
        'table',
        { class: 'executions' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Started'), h('th', {}, 'Duration')),
        ),
        body,
      ),
    );
    if (machine.more) main.append(h('p', { class: 'muted' }, 'Only the newest 100 are shown.'));
  }
}
