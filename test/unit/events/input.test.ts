import { targetInput } from '../../../src/events/input';
import type { Target } from '../../../src/events/model';

const rule = { bus: 'default', name: 'r', arn: 'arn:aws:events:us-east-1:000000000000:rule/r' };
const event = {
  id: 'e1',
  source: 'aws.s3',
  detail: { bucket: { name: 'docs' }, object: { key: 'a "b".pdf', size: 12 } },
};
const input = (target: Partial<Target>): string =>
  targetInput({ Id: 't', Arn: 'arn', ...target }, event, { rule, ingestionTime: Date.parse('2026-01-02T03:04:05Z') });

describe('target input', () => {
  test('the whole event, a constant, or the part at InputPath', () => {
    expect(JSON.parse(input({}))).toEqual(event);
    expect(input({ Input: '{"fixed": true}' })).toBe('{"fixed": true}');
    expect(JSON.parse(input({ InputPath: '$.detail.object' }))).toEqual(event.detail.object);
    expect(input({ InputPath: '$.detail.missing' })).toBe('null');
  });

  test('an input transformer: in quotes the text (escaped), outside quotes the JSON value', () => {
    const text = input({
      InputTransformer: {
        InputPathsMap: {
          key: '$.detail.object.key',
          size: '$.detail.object.size',
          object: '$.detail.object',
          none: '$.nope',
        },
        InputTemplate:
          '{"key": "<key>", "size": <size>, "object": <object>, "none": <none>, "quoted": "<none>", "rule": "<aws.events.rule-arn>", "at": "<aws.events.event.ingestion-time>"}',
      },
    });
    expect(JSON.parse(text)).toEqual({
      key: 'a "b".pdf',
      size: 12,
      object: event.detail.object,
      none: null,
      quoted: '',
      rule: rule.arn,
      at: '2026-01-02T03:04:05.000Z',
    });
  });

  test('a string template takes the values as text', () => {
    expect(
      input({
        InputTransformer: { InputPathsMap: { b: '$.detail.bucket.name' }, InputTemplate: 'bucket <b> changed' },
      }),
    ).toBe('bucket docs changed');
  });
});
