import type { IncomingMessage } from 'node:http';
import { hostName, requestGuard } from '../../../src/api/request-guard';
import { protocolOf, wireAnswer } from '../../../src/api/protocol-error';
import { WireError } from '../../../src/protocol/wire-error';

const req = (headers: Record<string, string>, method = 'POST', url = '/'): IncomingMessage =>
  ({ method, url, headers }) as unknown as IncomingMessage;

describe('hostName', () => {
  it.each([
    ['127.0.0.1:8083', '127.0.0.1'],
    ['[::1]:8083', '::1'],
    ['LocalHost.:80', 'localhost'],
    ['evil.example', 'evil.example'],
  ])('%s → %s', (host, name) => expect(hostName(host)).toBe(name));
});

describe('requestGuard', () => {
  const guard = requestGuard({ host: '127.0.0.1', allowHosts: ['build-box.lan'] });

  it.each(['127.0.0.1:1', '127.8.9.10:1', 'localhost:1', 'bucket.localhost:1', '[::1]:1', 'build-box.lan:1'])(
    'lets Host %s in',
    (host) => expect(guard(req({ host }))).toBeUndefined(),
  );

  it.each(['evil.example:8083', '10.0.0.5:8083', '127.0.0.1.evil.example', 'localhost.evil.example:1'])(
    'refuses Host %s with a 403 naming it',
    (host) => {
      const refused = guard(req({ host }));
      expect(refused).toMatchObject({ status: 403, code: 'AccessDenied' });
      expect(refused?.message).toContain(host);
    },
  );

  it('lets in no Origin and the same origin; refuses other origins, other ports and null', () => {
    const host = '127.0.0.1:8083';
    expect(guard(req({ host }))).toBeUndefined();
    expect(guard(req({ host, origin: 'http://127.0.0.1:8083' }))).toBeUndefined();
    expect(guard(req({ host, origin: 'http://evil.example' }))).toBeDefined();
    expect(guard(req({ host, origin: 'http://127.0.0.1:3000' }))).toBeDefined();
    expect(guard(req({ host, origin: 'https://127.0.0.1:8083' }))).toBeDefined();
    expect(guard(req({ host, origin: 'null' }))).toBeDefined();
  });

  it('refuses cross-site and same-site fetches but follows a link to the page', () => {
    const host = '127.0.0.1:8083';
    expect(guard(req({ host, 'sec-fetch-site': 'same-site' }, 'GET', '/bucket/key'))).toBeDefined();
    expect(
      guard(req({ host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, 'GET', '/ui/')),
    ).toBeUndefined();
    expect(
      guard(req({ host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, 'POST', '/ui/')),
    ).toBeDefined();
    expect(guard(req({ host, 'sec-fetch-site': 'same-origin' }, 'GET', '/ui/api/executions'))).toBeUndefined();
  });

  it('listening on every interface lets in that address too', () => {
    const wildcard = requestGuard({ host: '0.0.0.0' });
    expect(wildcard(req({ host: '0.0.0.0:8083' }))).toBeUndefined();
    expect(wildcard(req({ host: 'evil.example:8083' }))).toBeDefined();
  });
});

describe('protocolOf and wireAnswer', () => {
  const error = new WireError('EntityTooLarge', 'too big', { status: 413 });
  it('answers each protocol in its own shape', () => {
    const sfn = wireAnswer('aws-json', error, { 'x-amz-target': 'AWSStepFunctions.StartExecution' });
    expect(JSON.parse(sfn.body)).toEqual({ __type: 'com.amazonaws.sfn#EntityTooLarge', message: 'too big' });
    const sqs = wireAnswer('aws-json', error, { 'x-amz-target': 'AmazonSQS.SendMessage' });
    expect(sqs.headers['x-amzn-query-error']).toBe('EntityTooLarge;Sender');
    const events = wireAnswer('aws-json', error, { 'x-amz-target': 'AWSEvents.PutEvents' });
    expect(JSON.parse(events.body)).toEqual({ __type: 'com.amazonaws.eventbridge#EntityTooLarge', message: 'too big' });
    expect(events.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(wireAnswer('query', error, {}).body).toContain(
      '<ErrorResponse><Error><Type>Sender</Type><Code>EntityTooLarge</Code>',
    );
    expect(wireAnswer('s3', error, {}).body).toContain('<Error><Code>EntityTooLarge</Code>');
    expect(wireAnswer('s3', error, {}).status).toBe(413);
  });
  it('tells the protocols apart from the headers alone', () => {
    expect(protocolOf('POST', '/', { 'x-amz-target': 'AmazonSQS.SendMessage' })).toBe('aws-json');
    expect(protocolOf('POST', '/q', { 'content-type': 'application/x-www-form-urlencoded' })).toBe('query');
    expect(protocolOf('POST', '/ui/api/execution/stop', {})).toBe('ui');
    expect(protocolOf('POST', '/2015-03-31/functions/f/invocations', {})).toBe('lambda');
    expect(protocolOf('PUT', '/bucket/key', {})).toBe('s3');
  });
});
