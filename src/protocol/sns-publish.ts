/**
 * The Publish action of SNS's query protocol, shared by the task integration that posts it and the local endpoint
 * that reads it: the parameters taken as plain strings, and the fields of a `MessageAttributes.entry.N.Value`.
 */
export const PUBLISH_FIELDS = [
  'TopicArn',
  'TargetArn',
  'PhoneNumber',
  'Message',
  'Subject',
  'MessageGroupId',
  'MessageDeduplicationId',
] as const;

export const MESSAGE_ATTRIBUTE_VALUE_FIELDS = ['DataType', 'StringValue', 'BinaryValue'] as const;
