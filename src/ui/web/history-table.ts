/** The execution page's event history: one row per event, its state, its time from the start and a detail. */
import type { HistoryEvent } from '../../engine/events';
import type { ExecutionView } from '../graph/status';
import { clear, formatDuration, h, preview } from './dom';

export function renderHistory(wrap: HTMLElement, events: readonly HistoryEvent[], view: ExecutionView): void {
  const start = events[0]?.timestamp ?? 0;
  const body = document.createElement('tbody');
  for (const e of events) {
    const tr = document.createElement('tr');
    if (/Failed|TimedOut|Aborted$/.test(e.type)) tr.className = 'failure';
    cell(tr, String(e.id));
    cell(tr, e.type);
    cell(tr, view.stateOfEvent.get(e.id) ?? '');
    cell(tr, `+${formatDuration(e.timestamp - start) || '0 ms'}`);
    cell(tr, eventDetail(e)).className = 'wrap';
    body.appendChild(tr);
  }
  const table = h(
    'table',
    { class: 'history' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'ID'),
        h('th', {}, 'Type'),
        h('th', {}, 'State'),
        h('th', {}, 'Time'),
        h('th', {}, 'Detail'),
      ),
    ),
  );
  table.appendChild(body);
  clear(wrap);
  wrap.appendChild(table);
}

function cell(tr: HTMLTableRowElement, text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  tr.appendChild(td);
  return td;
}

/** The event's error and cause, or a preview of its payload. */
function eventDetail(e: HistoryEvent): string {
  for (const [key, value] of Object.entries(e)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const d = value as Record<string, unknown>;
    if (typeof d['error'] === 'string' || typeof d['cause'] === 'string') {
      return `${text(d['error'])}: ${preview(text(d['cause']))}`;
    }
    for (const field of ['output', 'input', 'parameters', 'mapRunArn']) {
      if (typeof d[field] === 'string') return preview(d[field]);
    }
    if (typeof d['index'] === 'number') return `index ${d['index']}`;
    if (typeof d['length'] === 'number') return `${d['length']} items`;
  }
  return '';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
