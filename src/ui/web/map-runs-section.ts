/** The execution page's Map Runs: each run's counts, settings, ResultWriter and failed and other children. */
import type { Jsonified, MapRunDetail as ServerMapRunDetail } from '../graph/execution-detail';
import type { ExecutionView } from '../graph/status';
import { clear, durationBetween, executionBadge, executionUrl, formatDuration, formatTime, h, preview } from './dom';

const COUNT_COLUMNS = ['pending', 'running', 'succeeded', 'failed', 'timedOut', 'aborted', 'total'];

type MapRunDetail = Jsonified<ServerMapRunDetail>;
/** Item or child-execution counts, as DescribeMapRun gives them. */
type Counts = Partial<Record<string, number>>;

export function renderMapRuns(section: HTMLElement, mapRuns: readonly MapRunDetail[], view: ExecutionView): void {
  clear(section);
  for (const run of mapRuns) {
    const m = run.mapRun;
    let stateName = '';
    for (const s of view.states.values()) if (s.runs.some((r) => r.mapRunArn === m.mapRunArn)) stateName = s.name;
    const counts = h(
      'table',
      { class: 'counts' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, ''), ...COUNT_COLUMNS.map((c) => h('th', {}, c)), h('th', {}, 'resultsWritten')),
      ),
      h('tbody', {}, countRow('Items', m.itemCounts), countRow('Child executions', m.executionCounts)),
    );
    const panel = h(
      'section',
      { class: 'panel map-run', 'data-map-run': m.mapRunArn, 'data-map-run-status': m.status },
      h('h2', {}, `Map Run${stateName === '' ? '' : ` of ${stateName}`} `, executionBadge(m.status ?? '')),
      h(
        'div',
        { class: 'meta' },
        h('span', {}, 'Started ', h('b', {}, formatTime(m.startDate))),
        h('span', {}, 'Duration ', h('b', {}, formatDuration(durationBetween(m.startDate, m.stopDate)))),
        h('span', {}, 'Max concurrency ', h('b', {}, String(m.maxConcurrency))),
        h(
          'span',
          {},
          'Tolerated failures ',
          h('b', {}, `${m.toleratedFailurePercentage}% / ${m.toleratedFailureCount}`),
        ),
      ),
      h('div', { class: 'meta' }, h('span', { class: 'wrap' }, m.mapRunArn)),
      h(
        'p',
        { class: 'result-writer' },
        'ResultWriter: ',
        run.resultWriter === undefined
          ? h('span', { class: 'muted' }, 'none (results in the state output)')
          : h('code', {}, run.resultWriter),
      ),
      counts,
    );
    if (run.failed.length > 0) {
      const body = h('tbody');
      for (const c of run.failed) {
        body.append(
          h(
            'tr',
            { 'data-child': c.executionArn },
            h('td', { class: 'wrap' }, h('a', { href: executionUrl(c.executionArn) }, c.name)),
            h('td', {}, h('strong', {}, c.error ?? '')),
            h('td', { class: 'wrap' }, preview(c.cause ?? '')),
          ),
        );
      }
      panel.append(
        h('h3', {}, `Failed child executions (${m.executionCounts?.failed ?? run.failed.length})`),
        h(
          'table',
          { class: 'failed-children' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Execution'), h('th', {}, 'Error'), h('th', {}, 'Cause'))),
          body,
        ),
      );
    }
    if (run.children.length > 0) {
      const list = h('ul', { class: 'children' });
      for (const c of run.children) {
        list.append(h('li', {}, h('a', { href: executionUrl(c.executionArn) }, c.name), ' ', executionBadge(c.status)));
      }
      panel.append(
        h('details', {}, h('summary', {}, `Child executions${run.moreChildren ? ' (the first 100)' : ''}`), list),
      );
    }
    section.append(panel);
  }
}

function countRow(label: string, counts: Counts | undefined): HTMLElement {
  return h(
    'tr',
    { 'data-counts': label },
    h('th', {}, label),
    ...COUNT_COLUMNS.map((c) => h('td', { 'data-count': c }, String(counts?.[c] ?? 0))),
    h('td', { 'data-count': 'resultsWritten' }, String(counts?.['resultsWritten'] ?? '')),
  );
}
