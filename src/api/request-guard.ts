/**
 * Who may reach the endpoint: the user's own tools, never a web page from elsewhere (threat model in
 * docs/reliability.md).
 *
 * - `Host` must name this machine (a loopback name or address, the `--host` the server listens on, or an
 *   `--allow-host` name): a DNS-rebinding page reaches 127.0.0.1 under its own name, and is refused here.
 * - A browser request from another origin is refused. The SDKs and the CLI send no `Origin`; browsers send it on
 *   every request that can change anything (POST, PUT, DELETE, CORS reads) and `Sec-Fetch-Site` on all of them,
 *   so a form post or a `text/plain` fetch from another site — requests with no CORS preflight — never reaches a
 *   route. Only a top-level navigation to the web page itself is let in from elsewhere (following a link).
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { WireError } from '../protocol/wire-error';

export interface RequestGuardOptions {
  /** The address the server listens on (`--host`). */
  host: string;
  /** More names the endpoint answers to (`--allow-host`), e.g. a name other machines reach it by. */
  allowHosts?: readonly string[];
}

/** Decides whether a request may go on; returns the refusal to answer otherwise. */
export type RequestGuard = (req: IncomingMessage) => WireError | undefined;

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

export function requestGuard(options: RequestGuardOptions): RequestGuard {
  const allowed = allowedHosts(options);
  return (req) => {
    const host = req.headers.host;
    // HTTP/1.0 clients may send no Host; a browser always sends one.
    if (host !== undefined && !allowed(hostName(host))) {
      return refusal(
        `Host '${host}' is not this endpoint's name; use a loopback address (127.0.0.1, localhost) or start the server with --allow-host ${hostName(host)}.`,
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, host, allowed)) {
      return refusal(`Requests from the web page at ${origin} are refused: only this endpoint's own page may call it.`);
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      if (!isPageNavigation(req)) {
        return refusal(`A ${site} browser request is refused: only this endpoint's own page may call it.`);
      }
    }
    return undefined;
  };
}

function refusal(message: string): WireError {
  return new WireError('AccessDenied', message, { status: 403 });
}

/** A click on a link to the web page: harmless (a GET of the page shell), and useful. */
function isPageNavigation(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?', 1)[0] ?? '';
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    req.headers['sec-fetch-mode'] === 'navigate' &&
    (path === '/ui' || path === '/ui/' || path === '/ui/dlq' || path.startsWith('/ui/executions/'))
  );
}

function sameOrigin(origin: string, host: string | undefined, allowed: (name: string) => boolean): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes `null` (sandboxed frames, file: pages)
  }
  return (
    url.protocol === 'http:' &&
    host !== undefined &&
    url.host === new URL(`http://${host}`).host &&
    allowed(url.hostname)
  );
}

/** The name part of a Host header: `[::1]:8083` → `::1`, `LocalHost.:80` → `localhost`. */
export function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  const name = trimmed.startsWith('[') ? trimmed.slice(1, trimmed.indexOf(']')) : trimmed.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function allowedHosts(options: RequestGuardOptions): (name: string) => boolean {
  const names = new Set<string>((options.allowHosts ?? []).map((name) => hostName(name)));
  const listen = hostName(options.host);
  names.add(listen);
  if (WILDCARD.has(listen)) {
    // Listening on every interface: the machine's own addresses and name are what other machines use.
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.address.toLowerCase().replace(/%.*$/, ''));
    }
    names.add(hostname().toLowerCase());
  }
  return (name) => names.has(name) || isLoopback(name);
}

function isLoopback(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || name.startsWith('::ffff:127.');
  return false;
}
