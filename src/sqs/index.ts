/** The local SQS service (standard queues in SQLite) and its routes on the endpoint. */
export { LocalSqs, type LocalSqsOptions, type Message } from './service';
export { SqsTables } from './tables';
export { sqsError, type SqsError } from './errors';
export { sqsRoute } from './route';
export { md5OfBody, md5OfMessageAttributes, type MessageAttributeValue } from './md5';
export { queueArn, queueUrl } from './queue-url';
export { SQS_MIGRATIONS } from './schema';
