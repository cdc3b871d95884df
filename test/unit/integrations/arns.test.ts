import {
  clusterName,
  ecsArn,
  jobDefinitionName,
  jobQueueName,
  taskDefinitionFamily,
} from '../../../src/integrations/arns';

describe('ECS and Batch names', () => {
  it.each([
    ['ocr', 'ocr'],
    ['ocr:3', 'ocr'],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/ocr:3', 'ocr'],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/ocr', 'ocr'],
  ])('task definition %s is family %s', (value, family) => {
    expect(taskDefinitionFamily(value)).toBe(family);
  });

  it('resolves clusters, job queues and job definitions by name or ARN', () => {
    expect(clusterName(undefined)).toBe('default');
    expect(clusterName('batch')).toBe('batch');
    expect(clusterName('arn:aws:ecs:eu-west-1:123456789012:cluster/batch')).toBe('batch');
    expect(jobQueueName('arn:aws:batch:us-east-1:123456789012:job-queue/main')).toBe('main');
    expect(jobQueueName('main')).toBe('main');
    expect(jobDefinitionName('arn:aws:batch:us-east-1:123456789012:job-definition/etl:12')).toBe('etl');
    expect(jobDefinitionName('etl:2')).toBe('etl');
  });

  it('issues ARNs in the local region and account', () => {
    const at = { region: 'us-east-1', accountId: '000000000000' };
    expect(ecsArn.taskDefinition(at, 'ocr')).toBe('arn:aws:ecs:us-east-1:000000000000:task-definition/ocr:1');
    expect(ecsArn.task(at, 'default', 'abc')).toBe('arn:aws:ecs:us-east-1:000000000000:task/default/abc');
  });
});
