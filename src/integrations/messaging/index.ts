/**
 * The messaging and SDK integrations the TaskRunner dispatches to: `sqs:sendMessage`, `sns:publish`,
 * `states:startExecution`, `events:putEvents`, `aws-sdk:s3:*`, `aws-sdk:sqs:*` (draining) and
 * `aws-sdk:eventbridge:putEvents`. Each talks to the local endpoint through the service's real wire
 * protocol (IntegrationContext.endpointUrl), exactly as a client would.
 */
import type { IntegrationHandler } from '../handler';
import { eventsPutEventsHandler, sdkPutEventsHandler } from './events-put-events';
import { s3SdkHandlers } from './s3-sdk';
import { sqsSdkHandlers } from './sqs-sdk';
import { snsPublishHandler } from './sns-publish';
import { sqsSendMessageHandler } from './sqs-send-message';
import { statesStartExecutionHandler, type StartExecutionOptions } from './states-start-execution';

export type MessagingOptions = StartExecutionOptions;

export function messagingHandlers(options: MessagingOptions = {}): IntegrationHandler[] {
  return [
    sqsSendMessageHandler,
    snsPublishHandler,
    statesStartExecutionHandler(options),
    eventsPutEventsHandler,
    sdkPutEventsHandler,
    ...s3SdkHandlers(),
    ...sqsSdkHandlers(),
  ];
}
