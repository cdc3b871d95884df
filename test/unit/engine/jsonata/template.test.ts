import { isJsonataTemplate, jsonataExpressionText } from '../../../../src/engine/jsonata';

describe('isJsonataTemplate', () => {
  it.each(['{% $x %}', '{%$x%}', '{%%}'])('accepts %j', (value) => {
    expect(isJsonataTemplate(value)).toBe(true);
  });

  it.each([
    ' {% $x %}',
    '{% $x %} ',
    '{% $x',
    '$x %}',
    '{%}',
    '$states.input',
    42,
    null,
    ['{% 1 %}'],
    { a: '{% 1 %}' },
  ])('rejects %j', (value) => {
    expect(isJsonataTemplate(value)).toBe(false);
  });
});

describe('jsonataExpressionText', () => {
  it('is the text between the delimiters, trimmed, as AWS quotes it', () => {
    expect(jsonataExpressionText('{% $fn := function($x){$x} %}')).toBe('$fn := function($x){$x}');
    expect(jsonataExpressionText('{%  \n1 + 1\t%}')).toBe('1 + 1');
  });
});
