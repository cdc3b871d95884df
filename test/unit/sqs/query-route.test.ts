import { decodeQuery, encodeResult } from '../../../src/sqs/query-route';
import { escapeXml } from '../../../src/protocol/xml';

describe('the SQS query protocol', () => {
  it('decodes flattened lists, maps and batch entries into JSON protocol members', () => {
    const params = new URLSearchParams(
      'Action=SendMessageBatch&QueueUrl=http%3A%2F%2Fh%2F0%2Fq' +
        '&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x' +
        '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k' +
        '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String' +
        '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=v' +
        '&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=y' +
        '&AttributeName.1=All&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5',
    );
    expect(decodeQuery(params, '')).toEqual({
      QueueUrl: 'http://h/0/q',
      AttributeNames: ['All'],
      Attributes: { VisibilityTimeout: '5' },
      Entries: [
        { Id: 'a', MessageBody: 'x', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        { Id: 'b', MessageBody: 'y' },
      ],
    });
  });

  it('encodes results with SQS element names, escaping what XML would alter', () => {
    const xml = encodeResult('ReceiveMessage', {
      Messages: [{ MessageId: 'm', Body: 'a\r\n<b>&', Attributes: { ApproximateReceiveCount: '1' } }],
    });
    expect(xml).toContain(
      '<ReceiveMessageResult><Message><MessageId>m</MessageId><Body>a&#xD;\n&#x3C;b&#x3E;&#x26;</Body>' +
        '<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute></Message></ReceiveMessageResult>',
    );
    expect(encodeResult('DeleteMessage', {})).not.toContain('DeleteMessageResult');
    expect(escapeXml('"\'')).toBe('&#x22;&#x27;');
  });
});
