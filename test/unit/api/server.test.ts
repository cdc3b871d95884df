import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../src/api/server';
import { fakeEngine } from '../runtime/fake-engine';

describe('startServer', () => {
  let dataDir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fanout-server-'));
    server = await startServer({ port: 0, dataDir, engine: fakeEngine });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (target: string, body: string): Promise<Response> =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
      body,
    });

  it('listens on 127.0.0.1 on an ephemeral port', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('serves the JSON protocol over HTTP', async () => {
    const response = await post('AWSStepFunctions.ListStateMachines', '{}');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.json()).toEqual({ stateMachines: [] });
  });

  it('refuses a body over 2 MiB without reading it into a 500', async () => {
    const response = await post(
      'AWSStepFunctions.CreateStateMachine',
      JSON.stringify({ definition: 'x'.repeat(3 * 1024 * 1024) }),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { __type: string }).__type).toBe('com.amazonaws.sfn#ValidationException');
  });

  it('closes idempotently', async () => {
    const other = await startServer({ port: 0, dataDir: join(dataDir, 'other'), engine: fakeEngine });
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
