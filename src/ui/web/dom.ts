/** Building the page from data: every value goes in as text or an attribute value, never as markup. */
import { STATUS_COLORS } from '../graph/colors';
import type { StateStatus } from '../graph/status';

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    // Handlers are attached with addEventListener, never as attributes built from data.
    if (/^on/i.test(name)) throw new Error(`refusing event handler attribute ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The header carrying the server's per-run token, which only a page served by the endpoint itself can read. */
const TOKEN_HEADER = 'x-fanout-token';

function pageToken(): string {
  return document.querySelector('meta[name="fanout-token"]')?.getAttribute('content') ?? '';
}

export async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(
    path,
    body === undefined
      ? { headers: { accept: 'application/json' } }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: pageToken() },
          body: JSON.stringify(body),
        },
  );
  const data = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
  if (!response.ok) {
    throw new ApiError(data.message ?? `HTTP ${response.status}`, response.status, data.error);
  }
  return data as T;
}

export function executionStatusColour(status: string): StateStatus {
  switch (status) {
    case 'SUCCEEDED':
      return 'succeeded';
    case 'FAILED':
      return 'failed';
    case 'RUNNING':
      return 'running';
    case 'PENDING_REDRIVE':
      return 'retried';
    default:
      return 'aborted';
  }
}

/** A status pill; `text` defaults to the status palette's label. */
export function badge(status: StateStatus, text?: string): HTMLElement {
  const c = STATUS_COLORS[status];
  return h(
    'span',
    { class: 'badge', style: `background:${c.fill};color:${c.text};border-color:${c.stroke}`, 'data-badge': status },
    text ?? c.label,
  );
}

export function executionBadge(status: string): HTMLElement {
  return badge(executionStatusColour(status), status);
}

export function formatTime(value: string | number | undefined): string {
  if (value === undefined) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? ''
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.(\d{3})Z$/, '.$1Z');
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function durationBetween(
  start: string | number | undefined,
  stop: string | number | undefined,
): number | undefined {
  if (start === undefined) return undefined;
  const a = new Date(start).getTime();
  const b = stop === undefined ? Date.now() : new Date(stop).getTime();
  return b - a;
}

/** JSON text pretty-printed when it parses, cut at `max` characters. */
export function prettyJson(text: string | undefined, max = 20_000): string {
  if (text === undefined) return '';
  let out = text;
  try {
    out = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  return out.length > max ? `${out.slice(0, max)}\n… (${out.length - max} more characters)` : out;
}

export function executionUrl(arn: string): string {
  return `/ui/executions/${encodeURIComponent(arn)}`;
}

export function errorNotice(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'error-box', role: 'alert' }, message);
}

/** The start of a long text, for a table cell. */
export function preview(text: string): string {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}
