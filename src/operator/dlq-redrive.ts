/**
 * Redrive: each message goes back to work — sent to a queue (body and attributes unchanged) or used as the input
 * of a new execution — and is deleted from the DLQ only once that succeeded, so a failure midway loses nothing.
 */
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, SendMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { messageOf } from './errors';

export type RedriveTarget = { queueUrl: string } | { stateMachineArn: string };

export interface RedriveResult {
  moved: number;
  failed: { messageId: string; reason: string }[];
}

export async function redrive(
  clients: { sqs: SQSClient; sfn: SFNClient },
  dlqUrl: string,
  messages: readonly Message[],
  target: RedriveTarget,
): Promise<{ result: RedriveResult; kept: Message[] }> {
  const result: RedriveResult = { moved: 0, failed: [] };
  const kept: Message[] = [];
  for (const message of messages) {
    try {
      if ('queueUrl' in target) {
        await clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: target.queueUrl,
            MessageBody: message.Body,
            ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
          }),
        );
      } else {
        await clients.sfn.send(
          new StartExecutionCommand({ stateMachineArn: target.stateMachineArn, input: inputOf(message.Body ?? '') }),
        );
      }
    } catch (error) {
      result.failed.push({ messageId: message.MessageId ?? '', reason: messageOf(error) });
      kept.push(message);
      continue;
    }
    await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
    result.moved++;
  }
  return { result, kept };
}

/** An execution's input must be JSON: a body that is not is passed as a JSON string. */
function inputOf(body: string): string {
  try {
    JSON.parse(body);
    return body;
  } catch {
    return JSON.stringify(body);
  }
}
