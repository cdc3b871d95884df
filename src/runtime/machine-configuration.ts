/**
 * A state machine revision's configuration beside its definition: logging, tracing and encryption, as
 * CreateStateMachine and UpdateStateMachine take them and DescribeStateMachine answers them. Locally nothing is
 * logged to CloudWatch, traced or encrypted with KMS; the settings are kept and shown so that tools which set them
 * (Terraform, the CDK) read back what they wrote and see no drift.
 */
import type { EncryptionConfiguration, LoggingConfiguration, TracingConfiguration } from '@aws-sdk/client-sfn';
import { serviceError, type ServiceError } from './errors';
import { optionalBoolean, optionalEnum, optionalString } from './requests';

export interface MachineConfiguration {
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: TracingConfiguration;
  encryptionConfiguration: EncryptionConfiguration;
}

const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;
const ENCRYPTION_TYPES = ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] as const;
/** `arn:aws:logs:<region>:<account>:log-group:<name>:*`, the destination shape AWS accepts. */
const LOG_GROUP_ARN = /^arn:aws(-[a-z]+)*:logs:[a-z0-9-]+:\d{12}:log-group:[\w#./-]{1,512}:\*$/;
/** AWS's default reuse period for a customer managed key's data keys. */
const DEFAULT_REUSE_SECONDS = 300;

export const DEFAULT_CONFIGURATION: MachineConfiguration = {
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  tracingConfiguration: { enabled: false },
  encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
};

/** The stored JSON text of a revision's configuration (absent: the defaults). */
export function readConfiguration(text: string | undefined): MachineConfiguration {
  if (text === undefined) return DEFAULT_CONFIGURATION;
  return { ...DEFAULT_CONFIGURATION, ...(JSON.parse(text) as Partial<MachineConfiguration>) };
}

/**
 * The configuration a create or update asks for: each field given replaces the one of `base`, checked as AWS
 * checks it (InvalidLoggingConfiguration, InvalidEncryptionConfiguration, ValidationException).
 */
export function requestedConfiguration(
  input: { loggingConfiguration?: unknown; tracingConfiguration?: unknown; encryptionConfiguration?: unknown },
  base: MachineConfiguration = DEFAULT_CONFIGURATION,
): MachineConfiguration {
  const out = { ...base };
  if (input.loggingConfiguration !== undefined && input.loggingConfiguration !== null) {
    out.loggingConfiguration = logging(objectField(input.loggingConfiguration, 'loggingConfiguration'));
  }
  if (input.tracingConfiguration !== undefined && input.tracingConfiguration !== null) {
    const fields = objectField(input.tracingConfiguration, 'tracingConfiguration');
    out.tracingConfiguration = { enabled: optionalBoolean(fields, 'enabled') ?? false };
  }
  if (input.encryptionConfiguration !== undefined && input.encryptionConfiguration !== null) {
    out.encryptionConfiguration = encryption(objectField(input.encryptionConfiguration, 'encryptionConfiguration'));
  }
  return out;
}

export function sameConfiguration(a: MachineConfiguration, b: MachineConfiguration): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The JSON text to store; undefined for the defaults, so rows from before configurations were kept read alike. */
export function storedConfiguration(configuration: MachineConfiguration): string | undefined {
  return sameConfiguration(configuration, DEFAULT_CONFIGURATION) ? undefined : JSON.stringify(configuration);
}

function logging(fields: Record<string, unknown>): LoggingConfiguration {
  const level = optionalEnum(fields, 'level', LOG_LEVELS) ?? 'OFF';
  const includeExecutionData = optionalBoolean(fields, 'includeExecutionData') ?? false;
  const given = fields['destinations'];
  if (given !== undefined && given !== null && !Array.isArray(given)) {
    throw invalidLogging('destinations must be a list of log destinations.');
  }
  const destinations = (given ?? []) as unknown[];
  if (destinations.length > 1 || (level !== 'OFF' && destinations.length !== 1)) {
    throw invalidLogging('Must specify exactly one Log Destination.');
  }
  const out: LoggingConfiguration = { level, includeExecutionData };
  if (destinations.length === 1) {
    const group = (destinations[0] as { cloudWatchLogsLogGroup?: { logGroupArn?: unknown } } | null)
      ?.cloudWatchLogsLogGroup?.logGroupArn;
    if (typeof group !== 'string' || !LOG_GROUP_ARN.test(group)) {
      throw invalidLogging(
        `Log Destination ${JSON.stringify(group ?? null)} is not a CloudWatch Logs log group ARN ` +
          '(arn:aws:logs:<region>:<account>:log-group:<name>:*).',
      );
    }
    out.destinations = [{ cloudWatchLogsLogGroup: { logGroupArn: group } }];
  }
  return out;
}

function encryption(fields: Record<string, unknown>): EncryptionConfiguration {
  const type = optionalEnum(fields, 'type', ENCRYPTION_TYPES);
  if (type === undefined) {
    throw serviceError(
      'ValidationException',
      "1 validation error detected: Value null at 'encryptionConfiguration.type' failed to satisfy constraint: Member must not be null",
    );
  }
  const kmsKeyId = optionalString(fields, 'kmsKeyId', 2048);
  const reuse = fields['kmsDataKeyReusePeriodSeconds'];
  if (type === 'AWS_OWNED_KEY') {
    if (kmsKeyId !== undefined || (reuse !== undefined && reuse !== null)) {
      throw invalidEncryption(
        'kmsKeyId and kmsDataKeyReusePeriodSeconds are valid only with CUSTOMER_MANAGED_KMS_KEY.',
      );
    }
    return { type };
  }
  if (kmsKeyId === undefined) throw invalidEncryption('kmsKeyId is required with CUSTOMER_MANAGED_KMS_KEY.');
  let seconds = DEFAULT_REUSE_SECONDS;
  if (reuse !== undefined && reuse !== null) {
    if (typeof reuse !== 'number' || !Number.isInteger(reuse) || reuse < 60 || reuse > 900) {
      throw serviceError(
        'ValidationException',
        `1 validation error detected: Value '${JSON.stringify(reuse)}' at 'encryptionConfiguration.kmsDataKeyReusePeriodSeconds' failed to satisfy constraint: Member must have value between 60 and 900`,
      );
    }
    seconds = reuse;
  }
  return { type, kmsKeyId, kmsDataKeyReusePeriodSeconds: seconds };
}

function objectField(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serviceError('ValidationException', `Invalid type for parameter ${field}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function invalidLogging(detail: string): ServiceError {
  return serviceError('InvalidLoggingConfiguration', `Invalid Logging Configuration: ${detail}`);
}

function invalidEncryption(detail: string): ServiceError {
  return serviceError('InvalidEncryptionConfiguration', `Invalid Encryption Configuration: ${detail}`);
}
