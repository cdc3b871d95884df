/**
 * The DLQ for the page: list and redrive with the functions `fanout dlq` uses (src/cli/commands/dlq), through the
 * endpoint's own SQS and Step Functions APIs.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  DEFAULT_DLQ,
  InputError,
  describeDeadLetter,
  findStateMachineArn,
  receiveAll,
  redrive,
  release,
  resolveQueueUrl,
  type DeadLetter,
  type RedriveResult,
  type RedriveTarget,
} from '../operator';

export interface DeadLetters {
  queue: string;
  queueUrl: string;
  messages: Omit<DeadLetter, 'receiptHandle'>[];
}

export async function listDeadLetters(sqs: SQSClient, queue = DEFAULT_DLQ): Promise<DeadLetters> {
  const queueUrl = await resolveQueueUrl(sqs, queue);
  const messages = await receiveAll(sqs, queueUrl);
  try {
    return {
      queue,
      queueUrl,
      messages: messages.map((m) => {
        const { receiptHandle: _r, ...letter } = describeDeadLetter(m);
        return letter;
      }),
    };
  } finally {
    await release(sqs, queueUrl, messages);
  }
}

export interface DlqRedriveRequest {
  /** @default fanout-dlq */
  queue?: string;
  /** A queue name or URL to send the messages to. */
  to?: string;
  /** A state machine name or ARN to start an execution of per message. */
  start?: string;
  /** Only these messages. @default all */
  messageIds?: string[];
}

export async function dlqRedrive(
  clients: { sqs: SQSClient; sfn: SFNClient },
  request: DlqRedriveRequest,
): Promise<RedriveResult & { selected: number }> {
  const to = typeof request.to === 'string' && request.to !== '' ? request.to : undefined;
  const start = typeof request.start === 'string' && request.start !== '' ? request.start : undefined;
  if ((to === undefined) === (start === undefined))
    throw new InputError('Choose a queue or a state machine to redrive to.');
  const dlqUrl = await resolveQueueUrl(clients.sqs, typeof request.queue === 'string' ? request.queue : DEFAULT_DLQ);
  let target: RedriveTarget;
  if (to !== undefined) {
    target = { queueUrl: await resolveQueueUrl(clients.sqs, to) };
  } else {
    const arn = start!.startsWith('arn:') ? start! : await findStateMachineArn(clients.sfn, start!);
    if (arn === undefined) throw new InputError(`no state machine named '${start}'`);
    target = { stateMachineArn: arn };
  }
  const messages = await receiveAll(clients.sqs, dlqUrl);
  const ids = Array.isArray(request.messageIds) ? new Set(request.messageIds.map(String)) : undefined;
  const selected = ids === undefined ? messages : messages.filter((m) => ids.has(m.MessageId ?? ''));
  let kept = messages;
  try {
    const outcome = await redrive(clients, dlqUrl, selected, target);
    const moved = new Set(selected.filter((m) => !outcome.kept.includes(m)));
    kept = messages.filter((m) => !moved.has(m));
    return { ...outcome.result, selected: selected.length };
  } finally {
    await release(clients.sqs, dlqUrl, kept);
  }
}
