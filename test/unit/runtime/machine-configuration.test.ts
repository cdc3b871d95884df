import type { LocalStepFunctions } from '../../../src/runtime/service';
import { PASS, ROLE, SM, errorOf, inMemoryService } from './service-fixture';

const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/m:*';
describe('logging, tracing and encryption configuration', () => {
  let service: LocalStepFunctions;
  beforeEach(() => (service = inMemoryService()));
  afterEach(() => service.close());

  it('describes the defaults when none was given', () => {
    service.createStateMachine({ name: 'm', definition: PASS, roleArn: ROLE });
    expect(service.describeStateMachine({ stateMachineArn: `${SM}m` })).toMatchObject({
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    });
  });

  it('keeps what create and update set, per revision, and versions freeze it', () => {
    service.createStateMachine({
      name: 'm',
      definition: PASS,
      roleArn: ROLE,
      loggingConfiguration: {
        level: 'ERROR',
        includeExecutionData: true,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }],
      },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'alias/states' },
      publish: true,
    });
    const first = service.describeStateMachine({ stateMachineArn: `${SM}m` });
    expect(first).toMatchObject({
      loggingConfiguration: {
        level: 'ERROR',
        includeExecutionData: true,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }],
      },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: {
        type: 'CUSTOMER_MANAGED_KMS_KEY',
        kmsKeyId: 'alias/states',
        kmsDataKeyReusePeriodSeconds: 300,
      },
    });
    // A configuration-only update is a new revision; the fields not given stay.
    const updated = service.updateStateMachine({ stateMachineArn: `${SM}m`, tracingConfiguration: { enabled: false } });
    expect(updated.revisionId).toBeDefined();
    const second = service.describeStateMachine({ stateMachineArn: `${SM}m` });
    expect(second.tracingConfiguration).toEqual({ enabled: false });
    expect(second.loggingConfiguration).toEqual(first.loggingConfiguration);
    expect(service.describeStateMachine({ stateMachineArn: `${SM}m:1` }).tracingConfiguration).toEqual({
      enabled: true,
    });
    // The same configuration again changes nothing.
    expect(
      service.updateStateMachine({ stateMachineArn: `${SM}m`, tracingConfiguration: { enabled: false } }).revisionId,
    ).toBe(updated.revisionId);
  });

  it('creating the same machine with another configuration is StateMachineAlreadyExists', () => {
    service.createStateMachine({ name: 'm', definition: PASS, roleArn: ROLE });
    expect(
      errorOf(() =>
        service.createStateMachine({
          name: 'm',
          definition: PASS,
          roleArn: ROLE,
          tracingConfiguration: { enabled: true },
        }),
      ),
    ).toBe(`StateMachineAlreadyExists: State Machine Already Exists: '${SM}m'`);
  });

  it('refuses logging without exactly one log group destination, and encryption without its key', () => {
    const create = (fields: Record<string, unknown>): string | undefined =>
      errorOf(() => service.createStateMachine({ name: 'm', definition: PASS, roleArn: ROLE, ...fields }));
    expect(create({ loggingConfiguration: { level: 'ALL' } })).toBe(
      'InvalidLoggingConfiguration: Invalid Logging Configuration: Must specify exactly one Log Destination.',
    );
    expect(
      create({
        loggingConfiguration: { level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'group' } }] },
      }),
    ).toMatch(/^InvalidLoggingConfiguration: .*"group" is not a CloudWatch Logs log group ARN/);
    expect(create({ loggingConfiguration: { level: 'LOUD' } })).toMatch(/^ValidationException: .*LOUD/);
    expect(create({ encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY' } })).toBe(
      'InvalidEncryptionConfiguration: Invalid Encryption Configuration: kmsKeyId is required with CUSTOMER_MANAGED_KMS_KEY.',
    );
    expect(
      create({
        encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'k', kmsDataKeyReusePeriodSeconds: 5 },
      }),
    ).toMatch(/^ValidationException: .*between 60 and 900/);
    expect(service.listStateMachines({}).stateMachines).toEqual([]);
  });
});
