/**
 * SDK client settings from the standard AWS environment, so the same program talks to AWS in a container and to
 * the local endpoint in a child process. The SDK reads AWS_ENDPOINT_URL itself too; reading it here lets S3 switch
 * to path-style addressing, which a local endpoint on 127.0.0.1 needs (no bucket subdomains).
 */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Only when the environment given holds keys; otherwise the SDK's provider chain (the task role on ECS). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export type Env = Readonly<Record<string, string | undefined>>;

export function awsClientConfig(env: Env = process.env, service?: 'S3' | 'SFN'): AwsClientConfig {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const endpoint = (service === undefined ? undefined : env[`AWS_ENDPOINT_URL_${service}`]) ?? env['AWS_ENDPOINT_URL'];
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  const sessionToken = env['AWS_SESSION_TOKEN'];
  const config: AwsClientConfig = { region };
  if (accessKeyId && secretAccessKey) {
    config.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  if (endpoint === undefined || endpoint === '') return config;
  return { ...config, endpoint, ...(service === 'S3' ? { forcePathStyle: true } : {}) };
}
