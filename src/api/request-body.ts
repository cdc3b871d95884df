/**
 * Reading the bodies of the buffered protocols (Step Functions, SQS, SNS, the web page) with three bounds, so no
 * client can hold the server's memory: a size per request, a deadline per body (a body that trickles in is cut
 * off), and one budget of buffered bytes shared by every connection (past it, requests are turned away with a
 * retryable 503 instead of growing the heap).
 */
import type { IncomingMessage } from 'node:http';
import { WireError } from '../protocol/wire-error';
import type { WireProtocol } from './protocol-error';

export interface BodyLimits {
  /** Largest body one request may send. */
  maxBytes: number;
  /** How long a body may take to arrive, from the end of its headers. */
  timeoutMs: number;
  budget: BodyBudget;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; error: WireError };

/** Bytes held by bodies being received, across every connection. */
export class BodyBudget {
  private held = 0;

  constructor(readonly capacity: number) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.capacity) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }

  get inUse(): number {
    return this.held;
  }
}

/** The request body, or the error to answer (the connection is closed after it: the rest is never read). */
export function readBody(req: IncomingMessage, protocol: WireProtocol, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    return Promise.resolve({ ok: false, error: tooLarge(protocol, req, limits.maxBytes) });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let held = 0;
    let settled = false;
    const settle = (result: BodyResult | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.budget.give(held);
      held = 0;
      req.off('data', onData);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(
      () =>
        settle({
          ok: false,
          error: new WireError(
            'RequestTimeout',
            `The request body did not arrive within ${limits.timeoutMs / 1000} s.`,
            { status: 408 },
          ),
        }),
      limits.timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      if (held + chunk.length > limits.maxBytes) {
        settle({ ok: false, error: tooLarge(protocol, req, limits.maxBytes) });
        return;
      }
      if (!limits.budget.take(chunk.length)) {
        settle({
          ok: false,
          error: new WireError(
            protocol === 's3' ? 'SlowDown' : 'ServiceUnavailable',
            'Too many request bodies are being received at once; retry the request.',
            { status: 503 },
          ),
        });
        return;
      }
      held += chunk.length;
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      settle({ ok: true, body });
    });
    req.on('error', (error) => settle(error));
    req.on('close', () => {
      if (!req.complete) settle(new Error('the client closed the connection before the end of the body'));
    });
  });
}

/** Each protocol's own error for a body over the limit. */
export function tooLarge(protocol: WireProtocol, req: IncomingMessage, maxBytes: number): WireError {
  const message = `The request body is larger than ${maxBytes} bytes.`;
  switch (protocol) {
    case 's3':
      return new WireError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { status: 400 });
    case 'lambda':
      return new WireError('RequestTooLargeException', message, { status: 413 });
    case 'aws-json': {
      const target = String(req.headers['x-amz-target'] ?? '');
      return new WireError(
        target.startsWith('AWSStepFunctions.') ? 'ValidationException' : 'RequestEntityTooLarge',
        message,
        { status: 413 },
      );
    }
    case 'query':
      return new WireError('RequestEntityTooLarge', message, { status: 413 });
    case 'ui':
      return new WireError('RequestEntityTooLarge', message, { status: 413 });
  }
}
