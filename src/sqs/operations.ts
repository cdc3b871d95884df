/** The SQS operations by their wire name, shared by the JSON and the query protocol routes. */
import type { Input } from './params';
import type { LocalSqs, SqsCallContext } from './service';

export type SqsOperation = (input: Input, context: SqsCallContext) => unknown;

export function sqsOperations(service: LocalSqs): Record<string, SqsOperation> {
  return {
    CreateQueue: (i, c) => service.createQueue(i, c),
    GetQueueUrl: (i, c) => service.getQueueUrl(i, c),
    ListQueues: (i, c) => service.listQueues(i, c),
    DeleteQueue: (i) => service.deleteQueue(i),
    GetQueueAttributes: (i) => service.getQueueAttributes(i),
    SetQueueAttributes: (i) => service.setQueueAttributes(i),
    PurgeQueue: (i) => service.purgeQueue(i),
    SendMessage: (i) => service.sendMessage(i),
    SendMessageBatch: (i) => service.sendMessageBatch(i),
    ReceiveMessage: (i) => service.receiveMessage(i),
    DeleteMessage: (i) => service.deleteMessage(i),
    DeleteMessageBatch: (i) => service.deleteMessageBatch(i),
    ChangeMessageVisibility: (i) => service.changeMessageVisibility(i),
    ChangeMessageVisibilityBatch: (i) => service.changeMessageVisibilityBatch(i),
  };
}

/** The base URL a client reached us by (its Host header), so returned queue URLs work for it. */
export function baseUrlOf(headers: Record<string, string | undefined>): string | undefined {
  const host = headers['host'];
  return host === undefined || host === '' ? undefined : `http://${host}`;
}
