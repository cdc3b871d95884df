/** `/ui/machines/<ARN>`: one state machine with its versions and the aliases routing between them. */
import type { MachineDetail } from '../resource-views';
import { api, clear, formatTime, h, prettyJson } from './dom';

export async function machinePage(main: HTMLElement, stateMachineArn: string): Promise<void> {
  const machine = await api<MachineDetail>(`/ui/api/machine?arn=${encodeURIComponent(stateMachineArn)}`);
  clear(main);
  main.append(
    h('h1', {}, machine.name, ' ', h('span', { class: 'muted' }, `(${machine.type})`)),
    h(
      'div',
      { class: 'meta' },
      h('span', {}, 'ARN ', h('b', {}, machine.stateMachineArn)),
      h('span', {}, 'Created ', h('b', {}, formatTime(machine.creationDate))),
      machine.revisionId !== undefined && h('span', {}, 'Revision ', h('b', {}, machine.revisionId)),
    ),
    h('h2', {}, 'Versions'),
  );
  const versionRouting = new Map<string, string[]>();
  for (const alias of machine.aliases) {
    for (const r of alias.routing) {
      versionRouting.set(r.stateMachineVersionArn, [
        ...(versionRouting.get(r.stateMachineVersionArn) ?? []),
        `${alias.name} ${r.weight}%`,
      ]);
    }
  }
  if (machine.versions.length === 0) {
    main.append(h('p', { class: 'muted' }, 'No published versions (publish with PublishStateMachineVersion).'));
  } else {
    const body = h('tbody');
    for (const v of machine.versions) {
      body.append(
        h(
          'tr',
          { 'data-version': v.version },
          h('td', {}, String(v.version)),
          h('td', { class: 'wrap' }, v.description ?? ''),
          h('td', {}, formatTime(v.creationDate)),
          h('td', {}, (versionRouting.get(v.stateMachineVersionArn) ?? []).join(', ')),
        ),
      );
    }
    main.append(table(['Version', 'Description', 'Published', 'Aliases'], body));
  }
  main.append(h('h2', {}, 'Aliases'));
  if (machine.aliases.length === 0) {
    main.append(h('p', { class: 'muted' }, 'No aliases.'));
  } else {
    const body = h('tbody');
    for (const a of machine.aliases) {
      const routing = a.routing
        .map((r) => `version ${r.stateMachineVersionArn.split(':').pop() ?? ''}: ${r.weight}%`)
        .join(', ');
      body.append(
        h(
          'tr',
          { 'data-alias': a.name },
          h('td', {}, a.name),
          h('td', {}, routing),
          h('td', { class: 'wrap' }, a.description ?? ''),
          h('td', {}, formatTime(a.creationDate)),
        ),
      );
    }
    main.append(table(['Alias', 'Routing', 'Description', 'Created'], body));
  }
  main.append(h('h2', {}, 'Definition'), h('pre', {}, prettyJson(machine.definition)));
}

function table(headings: string[], body: HTMLElement): HTMLElement {
  return h('table', {}, h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))), body);
}
