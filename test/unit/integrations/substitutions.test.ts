import { applySubstitutions } from '../../../src/integrations/profile';

describe('applySubstitutions', () => {
  it('replaces placeholders as text, inside strings and as whole values', () => {
    const text = '{"TaskDefinition":"${Task}","Cluster":"arn:aws:ecs:x:1:cluster/${Cluster}","Max":${Max}}';
    expect(applySubstitutions(text, { Task: 'ocr', Cluster: 'local', Max: '5' })).toBe(
      '{"TaskDefinition":"ocr","Cluster":"arn:aws:ecs:x:1:cluster/local","Max":5}',
    );
  });

  it('leaves JSONPath and JSONata alone', () => {
    const text = '{"a.$":"$.x","b":"{% $states.input %}","c":"$${not}"}';
    expect(applySubstitutions(text.replace('$${not}', '$'), {})).toBe(text.replace('$${not}', '$'));
  });

  it('names every placeholder the substitutions do not cover', () => {
    expect(() => applySubstitutions('"${A}" "${B}" "${A}" "${C}"', { C: 'c' })).toThrow(
      `the definition uses \${A}, \${B} but the profile's "substitutions" has no value for them`,
    );
    expect(() => applySubstitutions('"${A}"', {})).toThrow(/has no value for it$/);
  });
});
