/**
 * SDK clients aimed at the local endpoint. The local integrations speak to SQS, Step Functions and S3 through
 * their real wire protocols, as Step Functions does on AWS: one code path, and what a workflow sends is exactly
 * what a client would. The endpoint checks no signatures, so fixed credentials spare the provider chain.
 */
import type { IntegrationContext } from '../handler';

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export function clientConfig(context: IntegrationContext): ClientConfig {
  return {
    endpoint: context.endpointUrl,
    region: context.region,
    credentials: { accessKeyId: 'fanout', secretAccessKey: 'fanout' },
    // Step Functions makes one call per attempt; retrying is the state's Retry's business.
    maxAttempts: 1,
  };
}
