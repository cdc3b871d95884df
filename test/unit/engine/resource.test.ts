import { parseResource } from '../../../src/engine/resource';

describe('parseResource', () => {
  it.each([
    ['arn:aws:states:::ecs:runTask.sync', 'ecs', 'runTask.sync', 'sync'],
    ['arn:aws:states:::ecs:runTask.waitForTaskToken', 'ecs', 'runTask.waitForTaskToken', 'waitForTaskToken'],
    ['arn:aws:states:::batch:submitJob', 'batch', 'submitJob', 'request-response'],
    ['arn:aws:states:::states:startExecution.sync:2', 'states', 'startExecution.sync:2', 'sync:2'],
    ['arn:aws:states:::aws-sdk:s3:getObject', 'aws-sdk:s3', 'getObject', 'request-response'],
    ['arn:aws:states:::sqs:sendMessage', 'sqs', 'sendMessage', 'request-response'],
  ])('%s', (arn, resourceType, resource, pattern) => {
    expect(parseResource(arn)).toEqual({ resourceType, resource, pattern });
  });

  it('recognises Lambda function ARNs', () => {
    expect(parseResource('arn:aws:lambda:us-east-1:1:function:f').resourceType).toBe('lambda');
  });
});
