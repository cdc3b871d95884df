/**
 * A laid-out graph as SVG text: the page inserts it, `fanout graph` writes it to a file. Every name is escaped.
 * With statuses, each state's group carries `data-state`, `data-status`, a tabindex and an aria-label, and is
 * coloured from the status palette; without (a bare definition), states are drawn neutral.
 */
import { STATUS_COLORS, type StatusColors } from './colors';
import type { GraphLayout, LaidOutEdge, LaidOutNode } from './layout';
import type { StateStatus } from './status';

export interface RenderOptions {
  /** The status of each state by name; omitted: a bare definition. */
  statusOf?: (name: string) => StateStatus;
  /** Standalone files need the XML namespace and a background. @default false */
  standalone?: boolean;
}

const NEUTRAL: StatusColors = { fill: '#ffffff', stroke: '#4a4a4a', text: '#1a1a1a', label: '' };
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderSvg(layout: GraphLayout, options: RenderOptions = {}): string {
  const out: string[] = [];
  const w = Math.max(layout.width, 1);
  const h = Math.max(layout.height, 1);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="fanout-graph" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"` +
      ` font-family='${FONT}' role="group" aria-label="State machine graph">`,
  );
  out.push(
    '<defs><marker id="fanout-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"' +
      ' orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555555"/></marker></defs>',
  );
  if (options.standalone === true) out.push(`<rect width="${w}" height="${h}" fill="#ffffff"/>`);
  for (const node of layout.nodes)
    if (node.kind === 'container' || node.kind === 'branch') out.push(box(node, options));
  for (const edge of layout.edges) out.push(path(edge));
  for (const node of layout.nodes)
    if (node.kind !== 'container' && node.kind !== 'branch') out.push(box(node, options));
  out.push('</svg>');
  return out.join('\n');
}

function box(node: LaidOutNode, options: RenderOptions): string {
  const { x, y, width, height } = node;
  if (node.kind === 'start' || node.kind === 'end') {
    return (
      `<g class="terminal"><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${height / 2}"` +
      ` fill="#f4f4f4" stroke="#4a4a4a"/><text x="${x + width / 2}" y="${y + height / 2 + 4}" text-anchor="middle"` +
      ` font-size="12" fill="#1a1a1a">${escapeXml(node.name)}</text></g>`
    );
  }
  if (node.kind === 'branch') {
    return (
      `<g class="branch"><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="#fafafa"` +
      ` stroke="#9a9a9a" stroke-dasharray="4 3"/><text x="${x + 10}" y="${y + 18}" font-size="11" fill="#3d3d3d">` +
      `${escapeXml(node.name)}</text></g>`
    );
  }
  const status = options.statusOf?.(node.name);
  const colors = status === undefined ? NEUTRAL : STATUS_COLORS[status];
  const type = node.distributed === true ? 'Distributed Map' : (node.stateType ?? '');
  const sub = status === undefined ? type : `${type} · ${colors.label}`;
  const attrs =
    ` data-state="${escapeXml(node.name)}" data-type="${escapeXml(type)}"` +
    (status === undefined
      ? ''
      : ` data-status="${status}" tabindex="0" role="button" aria-label="${escapeXml(`${node.name}, ${sub}`)}"`);
  const dashed = status === 'not-run' ? ' stroke-dasharray="5 3"' : '';
  const strokeWidth = status === 'failed' || status === 'running' ? 2.5 : 1.5;
  const cls = node.kind === 'container' ? 'state container' : 'state';
  const title = node.kind === 'container' ? y + 18 : y + 20;
  return (
    `<g class="${cls}"${attrs}><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8"` +
    ` fill="${node.kind === 'container' && status === undefined ? '#fbfbfb' : colors.fill}"` +
    // A container's tint stays light so the states drawn on it read as well as anywhere else.
    `${node.kind === 'container' ? ' fill-opacity="0.45"' : ''} stroke="${colors.stroke}"` +
    ` stroke-width="${strokeWidth}"${dashed}/>` +
    `<text x="${x + 12}" y="${title}" font-size="13" font-weight="600" fill="${colors.text}">${escapeXml(node.name)}</text>` +
    `<text x="${x + 12}" y="${title + 16}" font-size="11" fill="${colors.text}">${escapeXml(sub)}</text></g>`
  );
}

function path(edge: LaidOutEdge): string {
  const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
  const dash = edge.kind === 'catch' ? ' stroke-dasharray="6 4"' : '';
  const colour = edge.kind === 'catch' ? '#a65f00' : '#555555';
  let out =
    `<g class="edge edge-${edge.kind}"><path d="${d}" fill="none" stroke="${colour}" stroke-width="1.4"${dash}` +
    ` marker-end="url(#fanout-arrow)"/>`;
  if (edge.label !== undefined && edge.labelX !== undefined && edge.labelY !== undefined) {
    out += `<text x="${round(edge.labelX + 4)}" y="${round(edge.labelY)}" font-size="11" fill="#333333">${escapeXml(edge.label)}</text>`;
  }
  return `${out}</g>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
