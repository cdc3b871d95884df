/**
 * `arn:aws:states:::aws-sdk:sqs:<action>` for draining a queue from a workflow: receiveMessage, deleteMessage,
 * deleteMessageBatch and changeMessageVisibility, through the SQS JSON protocol on the local endpoint. The
 * result is the SDK's output in PascalCase (no $metadata); errors are `Sqs.<Code>Exception`.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import type { JsonObject } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { clientConfig } from './clients';
import { asObject, asText } from './parameters';
import { checkQueueHost } from './queue-host';
import { parameterError, serviceError, type ServiceErrorStyle } from './service-errors';

const SQS_SDK_ERRORS: ServiceErrorStyle = {
  prefix: 'Sqs',
  service: 'Sqs',
  sdkStyle: true,
  isModeled: (e) => e instanceof SQSServiceException && e.constructor !== SQSServiceException,
};

type Send = (client: SQSClient, input: JsonObject, signal: AbortSignal) => Promise<object>;

const ACTIONS: Readonly<Record<string, Send>> = {
  receiveMessage: (c, i, abortSignal) => c.send(new ReceiveMessageCommand(i as never), { abortSignal }),
  deleteMessage: (c, i, abortSignal) => c.send(new DeleteMessageCommand(i as never), { abortSignal }),
  deleteMessageBatch: (c, i, abortSignal) => c.send(new DeleteMessageBatchCommand(i as never), { abortSignal }),
  changeMessageVisibility: (c, i, abortSignal) =>
    c.send(new ChangeMessageVisibilityCommand(i as never), { abortSignal }),
};

export function sqsSdkHandlers(): IntegrationHandler[] {
  return Object.entries(ACTIONS).map(([action, send]) => ({
    resource: `aws-sdk:sqs:${action}`,
    patterns: ['request-response'],
    async run(request, context) {
      const parameters = asObject(request.parameters);
      if (parameters === undefined) {
        throw parameterError(SQS_SDK_ERRORS, 'InvalidParameterValue', 'The parameters must be a JSON object.');
      }
      await checkQueueHost(asText(parameters['QueueUrl']), context.endpointUrl);
      const client = new SQSClient(clientConfig(context));
      try {
        const output = (await send(client, parameters, request.signal)) as Record<string, unknown>;
        const { $metadata: _, ...rest } = output;
        return JSON.parse(JSON.stringify(rest)) as JsonObject;
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        throw serviceError(error, SQS_SDK_ERRORS);
      } finally {
        client.destroy();
      }
    },
  }));
}
