/**
 * The JSON notification SNS delivers to a subscribed queue when raw delivery is off: the message wrapped with its
 * topic, id, timestamp, signature fields and message attributes as `{Type, Value}`. Nothing verifies signatures
 * locally, so Signature is a digest of the notification that only has AWS's shape.
 */
import { createHash } from 'node:crypto';

export interface NotificationAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface NotificationSource {
  messageId: string;
  topicArn: string;
  message: string;
  now: number;
  region: string;
  subscriptionArn: string;
  subject?: string;
  sequenceNumber?: string;
  attributes: Record<string, NotificationAttribute>;
}

export function notification(source: NotificationSource): Record<string, unknown> {
  const timestamp = new Date(source.now).toISOString();
  const host = `https://sns.${source.region}.amazonaws.com`;
  const signature = createHash('sha256')
    .update(`${source.messageId}\n${source.topicArn}\n${timestamp}\n${source.message}`)
    .digest('base64');
  const attributes = Object.entries(source.attributes);
  return {
    Type: 'Notification',
    MessageId: source.messageId,
    ...(source.sequenceNumber === undefined ? {} : { SequenceNumber: source.sequenceNumber }),
    TopicArn: source.topicArn,
    ...(source.subject === undefined ? {} : { Subject: source.subject }),
    Message: source.message,
    Timestamp: timestamp,
    SignatureVersion: '1',
    Signature: signature,
    SigningCertURL: `${host}/SimpleNotificationService-local.pem`,
    UnsubscribeURL: `${host}/?Action=Unsubscribe&SubscriptionArn=${source.subscriptionArn}`,
    ...(attributes.length === 0
      ? {}
      : {
          MessageAttributes: Object.fromEntries(
            attributes.map(([name, a]) => [name, { Type: a.DataType, Value: a.StringValue ?? a.BinaryValue ?? '' }]),
          ),
        }),
  };
}
