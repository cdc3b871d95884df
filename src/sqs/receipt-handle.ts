/**
 * Receipt handles: opaque to clients, but they carry the message and queue they came from so a stale or foreign
 * handle can be told apart from a garbled one. The random part makes each receive's handle unique.
 */
import { randomBytes } from 'node:crypto';

export function encodeReceiptHandle(messageId: number, queueId: number): string {
  return Buffer.from(`${queueId}:${messageId}:${randomBytes(24).toString('base64url')}`, 'utf8').toString('base64');
}

export function decodeReceiptHandle(handle: string): { queueId: number; messageId: number } | undefined {
  const text = Buffer.from(handle, 'base64').toString('utf8');
  const match = /^(\d+):(\d+):[\w-]+$/.exec(text);
  if (!match) return undefined;
  return { queueId: Number(match[1]), messageId: Number(match[2]) };
}
