/**
 * `arn:aws:states:::sqs:sendMessage[.waitForTaskToken]` (spec §4.4): sends through the SQS JSON protocol on the
 * local endpoint. A MessageBody that is not a string is sent as its JSON text (how a task token travels in an
 * object body). The result is SendMessage's response with Step Functions' SdkHttpMetadata envelope.
 */
import { SQSClient, SQSServiceException, SendMessageCommand, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { Json, JsonObject } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { CONTENT_TYPES, withSdkMetadata } from '../sdk-response';
import { clientConfig } from './clients';
import { asObject, asText } from './parameters';
import { checkQueueHost } from './queue-host';
import { parameterError, serviceError, type ServiceErrorStyle } from './service-errors';

export const SQS_ERRORS: ServiceErrorStyle = {
  prefix: 'SQS',
  service: 'AmazonSQS',
  unmodeled: 'SQS.AmazonSQSException',
  isModeled: (e) => e instanceof SQSServiceException && e.constructor !== SQSServiceException,
};

export const sqsSendMessageHandler: IntegrationHandler = {
  resource: 'sqs:sendMessage',
  patterns: ['request-response', 'waitForTaskToken'],
  async run(request, context) {
    const parameters = asObject(request.parameters);
    if (parameters === undefined) {
      throw parameterError(SQS_ERRORS, 'InvalidParameterValue', 'The parameters must be a JSON object.');
    }
    await checkQueueHost(asText(parameters['QueueUrl']), context.endpointUrl);
    const client = new SQSClient(clientConfig(context));
    try {
      const output = await client.send(
        new SendMessageCommand({
          QueueUrl: asText(parameters['QueueUrl']),
          MessageBody: asText(parameters['MessageBody']),
          ...optional('DelaySeconds', parameters['DelaySeconds']),
          ...optional('MessageGroupId', parameters['MessageGroupId']),
          ...optional('MessageDeduplicationId', parameters['MessageDeduplicationId']),
          ...(parameters['MessageAttributes'] === undefined
            ? {}
            : { MessageAttributes: messageAttributes(parameters['MessageAttributes']) }),
        }),
        { abortSignal: request.signal },
      );
      const result: JsonObject = { MD5OfMessageBody: output.MD5OfMessageBody ?? '', MessageId: output.MessageId ?? '' };
      if (output.MD5OfMessageAttributes !== undefined) result['MD5OfMessageAttributes'] = output.MD5OfMessageAttributes;
      if (output.SequenceNumber !== undefined) result['SequenceNumber'] = output.SequenceNumber;
      return withSdkMetadata(result, { contentType: CONTENT_TYPES.json10 });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      throw serviceError(error, SQS_ERRORS);
    } finally {
      client.destroy();
    }
  },
};

function optional(name: string, value: Json | undefined): Record<string, Json> {
  return value === undefined || value === null ? {} : { [name]: value };
}

/** `{name: {DataType, StringValue | BinaryValue(base64)}}` → the SDK's shape (binary as bytes). */
function messageAttributes(value: Json): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, raw] of Object.entries(asObject(value) ?? {})) {
    const attribute = asObject(raw) ?? {};
    const converted: MessageAttributeValue = { DataType: asText(attribute['DataType']) };
    const stringValue = attribute['StringValue'];
    const binaryValue = attribute['BinaryValue'];
    if (stringValue !== undefined) converted.StringValue = asText(stringValue);
    if (typeof binaryValue === 'string') converted.BinaryValue = Buffer.from(binaryValue, 'base64');
    out[name] = converted;
  }
  return out;
}
