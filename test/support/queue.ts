/** Reading a local SQS queue to the end, as a test that checks what a workflow delivered does. */
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Receives until a receive returns nothing, without deleting: what is received stays invisible for
 * `visibilityTimeout` seconds (the queue's own when not given), so no message is counted twice.
 */
export async function receiveAll(
  sqs: SQSClient,
  queueUrl: string,
  options: { waitTimeSeconds?: number; visibilityTimeout?: number } = {},
): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        ...(options.waitTimeSeconds === undefined ? {} : { WaitTimeSeconds: options.waitTimeSeconds }),
        ...(options.visibilityTimeout === undefined ? {} : { VisibilityTimeout: options.visibilityTimeout }),
      }),
    );
    if (!Messages?.length) return out;
    out.push(...Messages);
  }
}
