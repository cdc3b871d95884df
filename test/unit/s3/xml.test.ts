import { elements, escapeXml, textOf, xmlDocument } from '../../../src/s3/xml';

describe('xml', () => {
  it('escapes text and writes S3 documents', () => {
    expect(xmlDocument('R', [['Key', 'a<&>"\'b'], undefined, ['N', 3], ['L', [['X', true]]]])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Key>a&lt;&amp;&gt;&quot;&apos;b</Key><N>3</N><L><X>true</X></L></R>',
    );
    expect(escapeXml('tab\there\u0001')).toBe('tab\there&#1;');
  });

  it('reads Delete and CompleteMultipartUpload documents', () => {
    const xml =
      '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
      '<Object><Key>a &amp; b</Key></Object><Object><Key>&#x263A;&#65;</Key></Object><Object><Key><![CDATA[<raw>]]></Key></Object></Delete>';
    expect(elements(xml, 'Object').map((o) => textOf(o, 'Key'))).toEqual(['a & b', '☺A', '<raw>']);
    expect(textOf(xml, 'Quiet')).toBe('true');
    expect(textOf(xml, 'Missing')).toBeUndefined();
  });
});
