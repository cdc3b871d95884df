import { validateDefinition } from '../../../../src/engine/validation';
import { unrecognisedResource } from '../../../../src/engine/validation/resource';
import { awsSdkCatalog } from '../../../../src/runtime/resource-catalog';

const task = (resource: string): string =>
  JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true } } });

describe('Task Resource ARNs at create time', () => {
  it.each([
    'arn:aws:states:::ecs:runTask.sync',
    'arn:aws:states:::lambda:invoke',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:states:::aws-sdk:lambda:invoke',
    'arn:aws:states:::aws-sdk:s3:getObject',
    'arn:aws:states:::aws-sdk:sfn:startExecution',
    'arn:aws:states:::aws-sdk:eventbridge:putEvents',
    'arn:aws:states:::glue:startJobRun.sync',
    'arn:aws:lambda:us-east-1:123456789012:function:resize',
    'arn:aws:lambda:us-east-1:123456789012:function:resize:live',
    'arn:aws:states:us-east-1:123456789012:activity:worker',
  ])('accepts %s', (resource) => {
    expect(unrecognisedResource(resource, awsSdkCatalog)).toBe(false);
  });

  it.each([
    'arn:aws:states:::nope:nope',
    'arn:aws:states:::aws-sdk:s3:getObjectPlease',
    'arn:aws:states:::aws-sdk:nosuchservice:getThing',
    'arn:aws:lambda::123456789012:function:resize',
    'arn:aws:lambda:us-east-1:123456789012:function:bad name',
    'arn:aws:states:us-east-1:123456789012:activity:',
    'arn:aws:s3:::bucket',
    'not-an-arn',
  ])('refuses %s', (resource) => {
    expect(unrecognisedResource(resource, awsSdkCatalog)).toBe(true);
  });

  it('reports it as AWS words it, at the Resource field', () => {
    const result = validateDefinition(task('arn:aws:states:::nope:nope'), { resources: awsSdkCatalog });
    expect(result.result).toBe('FAIL');
    expect(result.diagnostics[0]).toMatchObject({
      code: 'SCHEMA_VALIDATION_FAILED',
      message:
        'The resource provided arn:aws:states:::nope:nope is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.',
      location: '/States/T/Resource',
    });
  });
});
