/**
 * The messaging and SDK integrations the TaskRunner dispatches to: `sqs:sendMessage`, `sns:publish`,
 * `states:startExecution` and `aws-sdk:s3:*`. Each talks to the local endpoint through the service's real wire
 * protocol (IntegrationContext.endpointUrl), exactly as a client would.
 */
import type { IntegrationHandler } from '../handler';
import { s3SdkHandlers } from './s3-sdk';
import { snsPublishHandler } from './sns-publish';
import { sqsSendMessageHandler } from './sqs-send-message';
import { statesStartExecutionHandler, type StartExecutionOptions } from './states-start-execution';

export type MessagingOptions = StartExecutionOptions;

export function messagingHandlers(options: MessagingOptions = {}): IntegrationHandler[] {
  return [sqsSendMessageHandler, snsPublishHandler, statesStartExecutionHandler(options), ...s3SdkHandlers()];
}
