import type { LocalStepFunctions } from '../../../src/runtime/service';
import { PASS, ROLE, SM, errorOf, inMemoryService } from './service-fixture';

describe('tags', () => {
  let service: LocalStepFunctions;
  beforeEach(() => (service = inMemoryService()));
  afterEach(() => service.close());

  it('tags a state machine on create and later, lists and untags', () => {
    service.createStateMachine({ name: 'm', definition: PASS, roleArn: ROLE, tags: [{ key: 'team', value: 'ocr' }] });
    service.tags.tagResource({
      resourceArn: `${SM}m`,
      tags: [
        { key: 'env', value: 'dev' },
        { key: 'team', value: 'etl' },
      ],
    });
    expect(service.tags.listTagsForResource({ resourceArn: `${SM}m` }).tags).toEqual([
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'etl' },
    ]);
    service.tags.untagResource({ resourceArn: `${SM}m`, tagKeys: ['env', 'absent'] });
    expect(service.tags.listTagsForResource({ resourceArn: `${SM}m` }).tags).toEqual([{ key: 'team', value: 'etl' }]);
  });

  it('tags activities and forgets the tags of deleted resources', () => {
    const { activityArn } = service.activities.createActivity({ name: 'a', tags: [{ key: 'k', value: 'v' }] });
    expect(service.tags.listTagsForResource({ resourceArn: activityArn }).tags).toEqual([{ key: 'k', value: 'v' }]);
    service.activities.deleteActivity({ activityArn });
    expect(errorOf(() => service.tags.listTagsForResource({ resourceArn: activityArn }))).toBe(
      `ResourceNotFound: Resource not found: '${activityArn}'`,
    );
    service.activities.createActivity({ name: 'a' });
    expect(service.tags.listTagsForResource({ resourceArn: activityArn }).tags).toEqual([]);
  });

  it('enforces the limits', () => {
    service.createStateMachine({ name: 'm', definition: PASS, roleArn: ROLE });
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' }));
    expect(errorOf(() => service.tags.tagResource({ resourceArn: `${SM}m`, tags: many }))).toMatch(/^TooManyTags/);
    expect(errorOf(() => service.tags.tagResource({ resourceArn: `${SM}m`, tags: [{ key: '', value: 'v' }] }))).toMatch(
      /^ValidationException/,
    );
    expect(
      errorOf(() => service.tags.tagResource({ resourceArn: `${SM}m`, tags: [{ key: 'aws:x', value: '' }] })),
    ).toMatch(/^ValidationException/);
    expect(errorOf(() => service.tags.tagResource({ resourceArn: `${SM}nope`, tags: [] }))).toMatch(
      /^ResourceNotFound/,
    );
    expect(errorOf(() => service.tags.listTagsForResource({ resourceArn: 'bad' }))).toBe(
      "InvalidArn: Invalid Arn: 'Invalid ARN prefix: bad'",
    );
  });
});
