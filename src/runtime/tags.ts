/**
 * Tags on state machines and activities (TagResource, UntagResource, ListTagsForResource, and `tags` on
 * CreateStateMachine / CreateActivity), with AWS's limits: 50 tags a resource, keys of 1–128 and values of
 * 0–256 characters, and the `aws:` prefix reserved.
 */
import type { ListTagsForResourceOutput, Tag as WireTag } from '@aws-sdk/client-sfn';
import type { Store } from '../store/store';
import type { Tag } from '../store/tags';
import { parseActivityArn, parseStateMachineTarget, type ServiceLocation } from './arns';
import { serviceError, invalidArn, resourceNotFound, validationError } from './errors';
import { requiredString } from './requests';

type Fields = Record<string, unknown>;

const MAX_TAGS = 50;

export class TagOperations {
  constructor(
    private readonly store: Store,
    private readonly location: ServiceLocation,
  ) {}

  tagResource(fields: Fields): Record<string, never> {
    const arn = requiredString(fields, 'resourceArn', 256);
    if (fields['tags'] === undefined || fields['tags'] === null) {
      throw validationError('tags', null, 'Member must not be null');
    }
    const tags = this.parseTags(fields['tags']);
    this.checkExists(arn);
    this.tag(arn, tags);
    return {};
  }

  untagResource(fields: Fields): Record<string, never> {
    const arn = requiredString(fields, 'resourceArn', 256);
    const keys = fields['tagKeys'];
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
      throw validationError('tagKeys', keys, 'Member must not be null');
    }
    this.checkExists(arn);
    this.store.tags.unset(arn, keys as string[]);
    return {};
  }

  listTagsForResource(fields: Fields): ListTagsForResourceOutput {
    const arn = requiredString(fields, 'resourceArn', 256);
    this.checkExists(arn);
    return { tags: this.store.tags.list(arn) };
  }

  /** Checks a `tags` request field: a list of {key, value}, within AWS's limits. */
  parseTags(value: unknown): Tag[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      throw serviceError('ValidationException', 'Invalid type for parameter tags: expected a list');
    }
    return value.map((item: unknown, index) => {
      const tag = (item ?? {}) as WireTag;
      const key = tag.key;
      const tagValue = tag.value ?? '';
      if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
        throw validationError(
          `tags.${index + 1}.member.key`,
          key,
          'Member must have length between 1 and 128 characters',
        );
      }
      if (typeof tagValue !== 'string' || tagValue.length > 256) {
        throw validationError(
          `tags.${index + 1}.member.value`,
          tagValue,
          'Member must have length less than or equal to 256',
        );
      }
      if (key.toLowerCase().startsWith('aws:')) {
        throw serviceError('ValidationException', `Tag keys starting with 'aws:' are reserved: '${key}'`);
      }
      return { key, value: tagValue };
    });
  }

  /** Adds or replaces tags, refusing to go over the limit. */
  tag(arn: string, tags: readonly Tag[]): void {
    const keys = new Set(this.store.tags.list(arn).map((t) => t.key));
    for (const t of tags) keys.add(t.key);
    if (keys.size > MAX_TAGS) {
      throw serviceError('TooManyTags', `Too many tags: a resource can have at most ${MAX_TAGS} tags: '${arn}'`);
    }
    this.store.tags.set(arn, tags);
  }

  /** Drops the tags of a deleted resource. */
  forget(arn: string): void {
    this.store.tags.clear(arn);
  }

  /** Tags live on state machines (not their versions or aliases) and activities. */
  private checkExists(arn: string): void {
    const type = arn.split(':')[5];
    if (type === 'stateMachine') {
      const target = parseStateMachineTarget(this.location, arn);
      if (target?.version !== undefined || target?.alias !== undefined)
        throw invalidArn(`Invalid Arn resource: ${arn}`);
      if (!target || !this.store.stateMachines.get(target.name)) throw resourceNotFound(arn);
      return;
    }
    if (type === 'activity') {
      const name = parseActivityArn(this.location, arn);
      if (name === undefined || !this.store.activities.get(name)) throw resourceNotFound(arn);
      return;
    }
    if (arn.split(':')[0] !== 'arn') throw invalidArn(`Invalid ARN prefix: ${arn}`);
    throw invalidArn(`Resource type not valid in this context: ${type ?? ''}`);
  }
}
