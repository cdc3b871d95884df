/**
 * What a DLQ message says about the item that failed: the error, cause and origin (execution, state) when its body
 * is the error JSON a Catch sent (`{error, cause, input, execution, state}` or the bare `{Error, Cause}`). Pure.
 */
export interface DeadLetter {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** Epoch ms. */
  sent?: number;
  receiveCount?: number;
  messageAttributes?: Record<string, unknown>;
  error?: string;
  cause?: string;
  execution?: string;
  state?: string;
}

export function describeDeadLetter(message: {
  MessageId?: string | undefined;
  ReceiptHandle?: string | undefined;
  Body?: string | undefined;
  Attributes?: Partial<Record<string, string>> | undefined;
  MessageAttributes?: Record<string, unknown> | undefined;
}): DeadLetter {
  const out: DeadLetter = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
  };
  const sent = Number(message.Attributes?.['SentTimestamp']);
  if (Number.isFinite(sent) && sent > 0) out.sent = sent;
  const count = Number(message.Attributes?.['ApproximateReceiveCount']);
  if (Number.isInteger(count)) out.receiveCount = count;
  if (message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0) {
    out.messageAttributes = message.MessageAttributes;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(out.body);
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return out;
  const body = parsed as Record<string, unknown>;
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const v = body[name];
      if (typeof v === 'string' && v !== '') return v;
    }
    return undefined;
  };
  const error = pick('error', 'Error');
  const cause = pick('cause', 'Cause');
  const execution = pick('execution', 'executionArn', 'ExecutionArn');
  const state = pick('state', 'stateName', 'StateName');
  if (error !== undefined) out.error = error;
  if (cause !== undefined) out.cause = cause;
  if (execution !== undefined) out.execution = execution;
  if (state !== undefined) out.state = state;
  return out;
}

/** The execution's name (the ARN's last part): short enough for a table. */
export function executionName(arn: string | undefined): string {
  if (arn === undefined) return '';
  const parts = arn.split(':');
  return parts.length >= 8 ? `${parts[6]}/${parts[7]}` : arn;
}
