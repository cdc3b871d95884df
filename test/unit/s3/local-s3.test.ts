import type { IncomingMessage } from 'node:http';
import { isS3Request } from '../../../src/s3';

const request = (method: string, url: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ method, url, headers }) as unknown as IncomingMessage;

describe('isS3Request', () => {
  it.each([
    ['GET', '/', {}],
    ['GET', '/bucket?list-type=2', {}],
    ['PUT', '/bucket/key', { 'content-type': 'application/json' }],
    ['POST', '/bucket?delete', { 'content-type': 'application/xml' }],
    ['POST', '/bucket/key?uploads', {}],
    ['DELETE', '/bucket/ui/key', {}],
  ])('takes %s %s', (method, url, headers) => {
    expect(isS3Request(request(method, url, headers))).toBe(true);
  });

  it.each([
    [
      'POST',
      '/',
      { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' },
    ],
    ['POST', '/', { 'content-type': 'application/x-amz-json-1.0' }],
    ['POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['POST', '/000000000000/queue', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['POST', '/somewhere', { 'x-amz-target': 'AmazonSQS.SendMessage' }],
    ['GET', '/ui', {}],
    ['GET', '/ui/executions?x=1', {}],
  ])('leaves %s %s to the other protocols', (method, url, headers) => {
    expect(isS3Request(request(method, url, headers))).toBe(false);
  });
});
