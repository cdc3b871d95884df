/** A TaskRunner with only the messaging integrations (SQS, SNS), for an endpoint whose URL is known once it listens. */
import type { Json, TaskRequest, TaskRunner } from '../../src/engine';
import { StatesError } from '../../src/engine';
import { messagingHandlers } from '../../src/integrations/messaging';
import { integrationKey } from '../../src/integrations/runner';

export function messagingRunner(endpointUrl: () => string): TaskRunner {
  const handlers = new Map(messagingHandlers({ pollIntervalMs: 20 }).map((h) => [h.resource, h]));
  const context = () => ({ endpointUrl: endpointUrl(), region: 'us-east-1', accountId: '000000000000', dataDir: '' });
  return {
    run(request: TaskRequest): Promise<Json> {
      const handler = handlers.get(integrationKey(request.resource) ?? '');
      if (!handler) return Promise.reject(new StatesError('States.Runtime', `no handler for ${request.resource}`));
      return handler.run(request, context());
    },
  };
}
