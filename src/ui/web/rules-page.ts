/** `/ui/rules`: each EventBridge rule with its pattern, its targets, and the events it matched lately. */
import type { RuleView } from '../resource-views';
import { api, clear, executionUrl, formatTime, h, prettyJson } from './dom';

export async function rulesPage(main: HTMLElement): Promise<void> {
  const rules = await api<RuleView[]>('/ui/api/rules');
  clear(main);
  main.append(h('h1', {}, 'Event rules'));
  if (rules.length === 0) {
    main.append(h('p', { class: 'notice' }, 'No rules yet: add them with PutRule or workflows/rules.json.'));
    return;
  }
  for (const rule of rules) {
    main.append(
      h('h2', { 'data-rule': rule.name }, rule.name),
      h(
        'div',
        { class: 'meta' },
        h('span', {}, 'State ', h('b', {}, rule.state)),
        h('span', {}, 'Bus ', h('b', {}, rule.bus)),
        h('span', { class: 'wrap' }, rule.arn),
      ),
    );
    if (rule.description !== undefined) main.append(h('p', { class: 'muted' }, rule.description));
    if (rule.scheduleExpression !== undefined) {
      main.append(
        h('p', { 'data-schedule': rule.name }, 'Fires on schedule: ', h('code', {}, rule.scheduleExpression)),
      );
    }
    if (rule.eventPattern !== undefined) {
      main.append(h('pre', { 'data-pattern': rule.name }, prettyJson(rule.eventPattern)));
    }
    main.append(
      table(
        ['Target', 'ARN', 'Input', 'Retry', 'Dead-letter queue'],
        rule.targets.map((t) =>
          h(
            'tr',
            { 'data-target': t.id },
            h('td', {}, t.id),
            h('td', { class: 'wrap' }, t.arn),
            h('td', {}, t.input),
            h('td', {}, t.retry),
            h('td', { class: 'wrap' }, t.deadLetterQueue ?? ''),
          ),
        ),
      ),
    );
    if (rule.deliveries.length === 0) {
      main.append(h('p', { class: 'muted' }, 'No matched events yet.'));
      continue;
    }
    main.append(
      table(
        ['Time', 'Event', 'Target', 'Outcome', 'Attempts', 'Started', 'Error'],
        rule.deliveries.map((d) =>
          h(
            'tr',
            { 'data-delivery': d.outcome },
            h('td', {}, formatTime(d.time)),
            h('td', { class: 'wrap', title: d.eventId }, d.event),
            h('td', {}, d.targetId),
            h('td', {}, d.outcome),
            h('td', {}, String(d.attempts)),
            h(
              'td',
              { class: 'wrap' },
              d.resourceArn === undefined
                ? ''
                : d.resourceArn.includes(':execution:')
                  ? h('a', { href: executionUrl(d.resourceArn) }, d.resourceArn.split(':').pop() ?? '')
                  : d.resourceArn,
            ),
            h('td', { class: 'wrap' }, d.error ?? ''),
          ),
        ),
      ),
    );
  }
}

function table(headings: string[], rows: HTMLElement[]): HTMLElement {
  return h('table', {}, h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))), h('tbody', {}, ...rows));
}
