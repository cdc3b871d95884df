/** The local SNS service (topics + a record of every Publish) and its route on the endpoint. */
export { LocalSns, type LocalSnsOptions, type SqsDelivery } from './service';
export { SnsTables, type PublishedMessage } from './tables';
export { snsError, type SnsError } from './errors';
export { snsRoute, LIST_PUBLISHED_MESSAGES } from './route';
export { SNS_MIGRATIONS } from './schema';
