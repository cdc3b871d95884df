/**
 * Request bodies over real HTTP: a body over the limit gets its own protocol's 413 (Step Functions JSON, SQS JSON
 * with its query error code, SQS/SNS query XML) or S3's EntityTooLarge; a body that trickles in is cut off; and
 * bodies held at once across connections stay under one budget (past it: a retryable 503), returned when they end.
 */
import { connect, type Socket } from 'node:net';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

const KiB = 1024;
let endpoint: TestEndpoint;
let server: RunningServer;

beforeAll(async () => {
  endpoint = await startEndpoint({
    name: 'bodies',
    tasks: { run: () => Promise.resolve({}) },
    bodies: { maxBytes: 256 * KiB, maxBufferedBytes: 512 * KiB, timeoutMs: 400 },
  });
  server = endpoint.server;
});

afterAll(() => endpoint.stop());

/** Sends a request's head and `body` (maybe less than declared), and reads what comes back until the socket ends. */
function exchange(
  head: string,
  body: Buffer,
  options: { keepOpenMs?: number } = {},
): { socket: Socket; answer: Promise<string> } {
  const socket = connect(server.port, '127.0.0.1');
  socket.write(head);
  socket.write(body);
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      // An answer with a Content-Length is whole once that many body bytes came.
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      if (end >= 0 && length !== undefined && Buffer.byteLength(text.slice(end + 4)) >= Number(length)) {
        resolve(text);
      }
    });
    socket.on('error', () => resolve(text));
    socket.on('close', () => resolve(text));
    if (options.keepOpenMs !== undefined) setTimeout(() => socket.destroy(), options.keepOpenMs);
  });
  return { socket, answer };
}

const post = (headers: Record<string, string>, length: number): string =>
  `POST / HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ncontent-length: ${length}\r\n` +
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  '\r\n';

const status = (answer: string): number => Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]);

describe('413 in the protocol of the request', () => {
  const big = Buffer.alloc(300 * KiB, 0x61);

  it('Step Functions JSON: ValidationException', async () => {
    const { answer } = exchange(
      post(
        { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
        big.length,
      ),
      big,
    );
    const text = await answer;
    expect(status(text)).toBe(413);
    expect(text).toContain('"__type":"com.amazonaws.sfn#ValidationException"');
    expect(text).toContain(`larger than ${256 * KiB} bytes`);
  });

  it('SQS JSON protocol: JSON with the query error code header, not a Step Functions type', async () => {
    const { answer } = exchange(
      post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }, big.length),
      big,
    );
    const text = await answer;
    expect(status(text)).toBe(413);
    expect(text).toContain('"__type":"com.amazonaws.sqs#RequestEntityTooLarge"');
    expect(text.toLowerCase()).toContain('x-amzn-query-error: requestentitytoolarge;sender');
    expect(text).not.toContain('com.amazonaws.sfn');
  });

  it('SQS and SNS query protocol: the query ErrorResponse XML', async () => {
    for (const action of ['Action=SendMessage&Version=2012-11-05', 'Action=Publish&Version=2010-03-31']) {
      const body = Buffer.concat([Buffer.from(`${action}&MessageBody=`), big]);
      const { answer } = exchange(post({ 'content-type': 'application/x-www-form-urlencoded' }, body.length), body);
      const text = await answer;
      expect(status(text)).toBe(413);
      expect(text).toContain('<ErrorResponse><Error><Type>Sender</Type><Code>RequestEntityTooLarge</Code>');
    }
  });

  it('a body sent chunked (no Content-Length) is measured as it arrives', async () => {
    const head =
      `POST / HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ntransfer-encoding: chunked\r\n` +
      'content-type: application/x-amz-json-1.0\r\nx-amz-target: AWSStepFunctions.ListStateMachines\r\n\r\n';
    const chunk = Buffer.alloc(64 * KiB, 0x20);
    const body = Buffer.concat([
      ...Array.from({ length: 5 }, () =>
        Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
      ),
      Buffer.from('0\r\n\r\n'),
    ]);
    const text = await exchange(head, body).answer;
    expect(status(text)).toBe(413);
    expect(text).toContain('com.amazonaws.sfn#ValidationException');
  });

  it('S3 PutObject over 5 GiB: EntityTooLarge before any byte is stored', async () => {
    await fetch(`${server.url}/big-bucket`, { method: 'PUT' });
    const { answer, socket } = exchange(
      `PUT /big-bucket/huge HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ncontent-length: ${6 * 1024 ** 3}\r\n\r\n`,
      Buffer.alloc(0),
      { keepOpenMs: 5_000 },
    );
    const text = await answer;
    socket.destroy();
    expect(status(text)).toBe(400);
    expect(text).toContain('<Code>EntityTooLarge</Code>');
    expect((await fetch(`${server.url}/big-bucket/huge`)).status).toBe(404);
  });
});

describe('bodies that trickle or pile up', () => {
  it('a body that stops arriving is cut off with 408 RequestTimeout and the connection closed', async () => {
    const started = Date.now();
    const { answer } = exchange(
      post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, 100),
      Buffer.from('{"'),
    );
    const text = await answer;
    expect(status(text)).toBe(408);
    expect(text).toContain('RequestTimeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('past the shared budget a request is turned away with 503; the budget returns when bodies end', async () => {
    const header = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AWSStepFunctions.ListStateMachines',
    };
    // Two connections hold 200 KiB each of a 250 KiB body (the budget is 512 KiB) and wait.
    const holders = [0, 1].map(() => exchange(post(header, 250 * KiB), Buffer.alloc(200 * KiB, 0x20)));
    await new Promise((r) => setTimeout(r, 100));
    const third = exchange(post(header, 250 * KiB), Buffer.alloc(200 * KiB, 0x20));
    const text = await third.answer;
    expect(status(text)).toBe(503);
    expect(text).toContain('ServiceUnavailable');
    // The holders time out (408) and give their bytes back: a normal request passes again.
    for (const holder of holders) expect(status(await holder.answer)).toBe(408);
    third.socket.destroy();
    const ok = await fetch(server.url, { method: 'POST', headers: header, body: '{}' });
    expect(ok.status).toBe(200);
  });
});
