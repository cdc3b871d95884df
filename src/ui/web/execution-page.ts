/**
 * `/ui/executions/<ARN>`: the graph coloured by what happened to each state, the clicked state's runs, the event
 * history, the Map Runs, Stop and Redrive; refreshed every second while the execution runs.
 */
import { STATE_STATUSES, deriveExecutionView, statusOf, type ExecutionView, type StateRun } from '../graph/status';
import { layoutGraph, type ElkLike, type GraphDefinition, type GraphLayout, type LaidOutNode } from '../graph/layout';
import type { ExecutionDetail as ServerExecutionDetail, Jsonified } from '../graph/execution-detail';
import { renderSvg } from '../graph/svg';
import { renderHistory } from './history-table';
import { renderMapRuns } from './map-runs-section';
import { taskLogsSection } from './task-logs';
import {
  api,
  badge,
  clear,
  durationBetween,
  errorNotice,
  executionBadge,
  executionUrl,
  formatDuration,
  formatTime,
  h,
  prettyJson,
} from './dom';

declare const ELK: new () => ElkLike;

/** The page's view of `/ui/api/execution`: the server's shapes as JSON delivers them. */
type ExecutionDetail = Jsonified<ServerExecutionDetail>;

const POLL_MS = 1000;
const RUNS_SHOWN = 25;

export async function executionPage(main: HTMLElement, arn: string): Promise<void> {
  const url = `/ui/api/execution?arn=${encodeURIComponent(arn)}`;
  let detail = await api<ExecutionDetail>(url);
  const definition = JSON.parse(detail.definition) as GraphDefinition;
  const layout = await layoutGraph(definition, new ELK());
  let selected: string | undefined;
  let timer: number | undefined;
  let detailsDrawn = 0;

  const header = h('section', { class: 'execution-header' });
  const graphWrap = h('div', { class: 'graph-wrap', id: 'graph' });
  const details = h('section', { class: 'details', id: 'state-details', 'aria-live': 'polite' });
  const historyWrap = h('div', { class: 'history-wrap', id: 'history' });
  const mapRunsSection = h('section', { id: 'map-runs' });
  const legend = h('div', { class: 'legend', 'aria-label': 'Status colours' });
  for (const s of STATE_STATUSES) legend.append(badge(s));

  clear(main);
  main.append(
    header,
    mapRunsSection,
    h(
      'div',
      { class: 'layout' },
      h(
        'div',
        {},
        h('h2', { id: 'graph-title' }, 'Graph'),
        h('p', { class: 'muted' }, 'Tab or the arrow keys move between states; Enter shows one.'),
        legend,
        graphWrap,
        details,
      ),
      h('div', {}, h('h2', {}, 'Event history'), historyWrap),
    ),
  );

  let view: ExecutionView = deriveExecutionView(detail.events, detail.execution.status ?? '');

  const showDetails = (): void => {
    clear(details);
    // Refreshes redraw the panel while a logs fetch may be under way: only the newest drawing takes them.
    const drawing = ++detailsDrawn;
    if (selected === undefined) {
      details.append(h('p', { class: 'muted' }, 'Select a state to see its input, output, error and timings.'));
      return;
    }
    renderDetails(details, selected, view, layout);
    const name = selected;
    if (layout.nodes.find((n) => n.name === name)?.stateType === 'Task') {
      taskLogsSection(arn, name).then(
        (logs) => {
          if (logs !== undefined && drawing === detailsDrawn) details.append(logs);
        },
        // The logs are an extra: the state's details stand without them.
        () => undefined,
      );
    }
  };

  const select = (name: string): void => {
    selected = name;
    for (const g of graphWrap.querySelectorAll('g.state.selected')) g.classList.remove('selected');
    stateElement(graphWrap, name)?.classList.add('selected');
    showDetails();
  };

  const renderGraph = (): void => {
    const focused = document.activeElement?.getAttribute('data-state') ?? undefined;
    graphWrap.innerHTML = renderSvg(layout, { statusOf: (name) => statusOf(view, name) });
    if (selected !== undefined) stateElement(graphWrap, selected)?.classList.add('selected');
    if (focused !== undefined) (stateElement(graphWrap, focused) as SVGGElement | null)?.focus();
  };

  graphWrap.addEventListener('click', (event) => {
    const g = (event.target as Element).closest('g.state[data-state]');
    const name = g?.getAttribute('data-state');
    if (name != null) select(name);
  });
  graphWrap.addEventListener('keydown', (event) => {
    const g = (event.target as Element).closest('g.state[data-state]');
    const name = g?.getAttribute('data-state');
    if (name == null) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(name);
      return;
    }
    const next = neighbour(layout, name, event.key);
    if (next !== undefined) {
      event.preventDefault();
      const el = stateElement(graphWrap, next) as SVGGElement | null;
      el?.focus();
      el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  });

  const renderAll = (): void => {
    renderHeader(header, detail, () => void refresh(true));
    renderGraph();
    showDetails();
    renderHistory(historyWrap, detail.events, view);
    renderMapRuns(mapRunsSection, detail.mapRuns, view);
  };

  const refresh = async (restart = false): Promise<void> => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    try {
      detail = await api<ExecutionDetail>(url);
      view = deriveExecutionView(detail.events, detail.execution.status ?? '');
      renderAll();
    } catch (error) {
      header.append(errorNotice(error));
    }
    if (restart || detail.execution.status === 'RUNNING') schedule();
  };
  const schedule = (): void => {
    if (detail.execution.status === 'RUNNING') timer = window.setTimeout(() => void refresh(), POLL_MS);
  };

  renderAll();
  document.title = `${detail.execution.name} · fanout`;
  document.body.setAttribute('data-rendered', 'true');
  (window as unknown as { fanoutRenderedAt: number }).fanoutRenderedAt = performance.now();
  schedule();
}

function stateElement(root: Element, name: string): Element | null {
  return root.querySelector(`g.state[data-state="${CSS.escape(name)}"]`);
}

/** The state in the arrow's direction nearest to `name` (favouring the same row or column). */
export function neighbour(layout: GraphLayout, name: string, key: string): string | undefined {
  const states = layout.nodes.filter((n) => n.kind === 'state' || n.kind === 'container');
  const centre = (n: LaidOutNode): { x: number; y: number } => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 });
  const ordered = [...states].sort((a, b) => a.y - b.y || a.x - b.x);
  if (key === 'Home') return ordered[0]?.name;
  if (key === 'End') return ordered[ordered.length - 1]?.name;
  const from = states.find((n) => n.name === name);
  if (!from) return undefined;
  const c = centre(from);
  let best: { name: string; score: number } | undefined;
  for (const n of states) {
    if (n === from) continue;
    const p = centre(n);
    const dx = p.x - c.x;
    const dy = p.y - c.y;
    let along: number;
    let across: number;
    if (key === 'ArrowDown') [along, across] = [dy, dx];
    else if (key === 'ArrowUp') [along, across] = [-dy, dx];
    else if (key === 'ArrowRight') [along, across] = [dx, dy];
    else if (key === 'ArrowLeft') [along, across] = [-dx, dy];
    else return undefined;
    if (along <= 1) continue;
    const score = along + 2 * Math.abs(across);
    if (!best || score < best.score) best = { name: n.name, score };
  }
  return best?.name;
}

function renderHeader(header: HTMLElement, detail: ExecutionDetail, refresh: () => void): void {
  const e = detail.execution;
  clear(header);
  const machine = e.stateMachineArn?.split(':').pop() ?? '';
  header.append(
    h('h1', {}, e.name, ' ', executionBadge(e.status ?? '')),
    h(
      'div',
      { class: 'meta' },
      h('span', {}, 'State machine ', h('b', {}, machine)),
      h('span', {}, 'Started ', h('b', {}, formatTime(e.startDate))),
      e.stopDate === undefined ? null : h('span', {}, 'Stopped ', h('b', {}, formatTime(e.stopDate))),
      h('span', {}, 'Duration ', h('b', {}, formatDuration(durationBetween(e.startDate, e.stopDate)))),
      e.redriveCount ? h('span', {}, 'Redriven ', h('b', {}, String(e.redriveCount)), ' time(s)') : null,
      h('span', {}, 'Events ', h('b', {}, String(detail.events.length))),
    ),
    h('div', { class: 'meta' }, h('span', { class: 'wrap' }, e.executionArn)),
  );
  if (detail.parent) {
    header.append(
      h(
        'p',
        {},
        'A child execution of the Map Run of ',
        h('a', { href: executionUrl(detail.parent.executionArn) }, detail.parent.executionArn.split(':').pop() ?? ''),
        '.',
      ),
    );
  }
  if (e.error !== undefined || e.cause !== undefined) {
    header.append(
      h(
        'div',
        { class: 'error-box', id: 'execution-error' },
        h('div', {}, 'Error: ', h('strong', { class: 'error-name' }, e.error ?? '')),
        e.cause === undefined ? null : h('pre', { class: 'cause' }, prettyJson(e.cause)),
      ),
    );
  }
  const stop = h('button', { type: 'button', id: 'stop', disabled: e.status !== 'RUNNING' || !!detail.parent }, 'Stop');
  const redrive = h(
    'button',
    { type: 'button', id: 'redrive', disabled: e.redriveStatus !== 'REDRIVABLE' || !!detail.parent },
    'Redrive',
  );
  const status = h(
    'span',
    { class: 'muted', role: 'status' },
    e.status === 'RUNNING' ? 'Live: updates every second' : '',
  );
  const act = (path: string, verb: string): void => {
    stop.disabled = true;
    redrive.disabled = true;
    status.textContent = `${verb}…`;
    api(`/ui/api/execution/${path}`, { executionArn: e.executionArn })
      .then(refresh)
      .catch((error: unknown) => {
        status.textContent = '';
        header.append(errorNotice(error));
      });
  };
  stop.addEventListener('click', () => {
    if (window.confirm(`Stop ${e.name}?`)) act('stop', 'Stopping');
  });
  redrive.addEventListener('click', () => act('redrive', 'Redriving'));
  header.append(h('div', { class: 'actions' }, stop, redrive, status));
}

function renderDetails(panel: HTMLElement, name: string, view: ExecutionView, layout: GraphLayout): void {
  const summary = view.states.get(name);
  const node = layout.nodes.find((n) => n.name === name);
  const status = statusOf(view, name);
  panel.append(h('h3', {}, name, ' ', badge(status)));
  panel.append(h('p', { class: 'muted' }, node?.distributed === true ? 'Distributed Map' : (node?.stateType ?? '')));
  if (!summary || summary.runs.length === 0) {
    panel.append(h('p', {}, 'This state was not entered.'));
    return;
  }
  const runs = summary.runs;
  if (runs.length > 1) panel.append(h('p', {}, `Entered ${runs.length} times.`));
  const shown = [...runs].sort((a, b) => rank(a) - rank(b)).slice(0, RUNS_SHOWN);
  for (const run of shown) panel.append(renderRun(run, runs.length > 1));
  if (runs.length > RUNS_SHOWN)
    panel.append(h('p', { class: 'muted' }, `${runs.length - RUNS_SHOWN} more runs not shown.`));
}

/** Failed runs first, then in history order. */
function rank(run: StateRun): number {
  const order = ['failed', 'aborted', 'caught', 'running', 'retried', 'succeeded'];
  return order.indexOf(run.status) * 1e9 + run.enteredEventId;
}

function renderRun(run: StateRun, several: boolean): HTMLElement {
  const dl = h('dl');
  const row = (term: string, ...value: (Node | string)[]): void => {
    dl.append(h('dt', {}, term), h('dd', {}, ...value));
  };
  if (several || run.superseded) row('Status', badge(run.status), run.superseded ? ' (before the redrive)' : '');
  if (run.iteration !== undefined) row('Iteration', String(run.iteration));
  row('Entered', `${formatTime(run.entered)} (event ${run.enteredEventId})`);
  if (run.exited !== undefined) row('Exited', `${formatTime(run.exited)} (event ${run.exitedEventId ?? ''})`);
  const last = run.failures[run.failures.length - 1]?.timestamp;
  const end = run.exited ?? (run.status === 'running' ? Date.now() : (last ?? run.entered));
  row('Duration', formatDuration(end - run.entered) + (run.status === 'running' ? ' so far' : ''));
  row('Retries', String(run.retries));
  const box = h('div', { class: 'run', 'data-run-status': run.status }, dl);
  for (const f of run.failures) {
    box.append(
      h(
        'div',
        { class: 'error-box failure' },
        h(
          'div',
          {},
          `${f.type} (event ${f.eventId}): `,
          h('strong', { class: 'error-name' }, f.error ?? '(no error name)'),
        ),
        f.cause === undefined ? null : h('pre', { class: 'cause' }, prettyJson(f.cause)),
      ),
    );
  }
  if (run.input !== undefined) box.append(h('div', {}, 'Input'), h('pre', { class: 'input' }, prettyJson(run.input)));
  if (run.output !== undefined)
    box.append(h('div', {}, 'Output'), h('pre', { class: 'output' }, prettyJson(run.output)));
  return box;
}
