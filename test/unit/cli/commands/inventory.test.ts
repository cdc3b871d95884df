import { inventoryCommand } from '../../../../src/cli/commands/inventory';
import { fakeContext } from '../fake-context';
import { MemoryStore } from '../../map/support/memory-store';

function setup() {
  const store = new MemoryStore().createBucket('dest');
  for (let i = 0; i < 5; i++) store.set('src', `in/${i}.pdf`, 'x');
  store.set('src', 'other/skip.pdf', 'x');
  const opened: string[] = [];
  const command = inventoryCommand((endpoint) => {
    opened.push(endpoint);
    return Promise.resolve({ store, close: () => undefined });
  });
  return { store, command, opened };
}

describe('fanout inventory', () => {
  test('writes the report and prints the manifest URL on stdout, progress on stderr', async () => {
    const { store, command, opened } = setup();
    const context = fakeContext();
    const code = await command.run(
      ['s3://src/in/', '--to', 's3://dest/inv', '--endpoint', 'http://127.0.0.1:9/'],
      context,
    );
    expect(code).toBe(0);
    expect(opened).toEqual(['http://127.0.0.1:9']);
    const url = context.out.join('');
    expect(url).toMatch(/^s3:\/\/dest\/inv\/src\/fanout\/\d{4}-\d\d-\d\dT\d\d-\d\dZ\/manifest\.json\n$/);
    const key = url.trim().slice('s3://dest/'.length);
    expect(JSON.parse(store.text('dest', key)).files).toHaveLength(1);
    expect(context.err.join('')).toBe('fanout: inventory: 5 objects in 1 data files\n');
  });

  test('the endpoint comes from AWS_ENDPOINT_URL when --endpoint is absent', async () => {
    const { command, opened } = setup();
    const context = fakeContext(process.cwd(), { AWS_ENDPOINT_URL: 'http://127.0.0.1:8083' });
    expect(await command.run(['s3://src', '--to', 's3://dest'], context)).toBe(0);
    expect(opened).toEqual(['http://127.0.0.1:8083']);
  });

  test.each([
    [['s3://src', '--to', 's3://dest'], 'an S3 endpoint is needed: pass --endpoint URL or set AWS_ENDPOINT_URL'],
    [['s3://src', '--endpoint', 'http://x'], 'missing --to s3://BUCKET[/PREFIX]'],
    [
      ['src', '--to', 's3://dest', '--endpoint', 'http://x'],
      "the source must look like s3://bucket[/prefix], got 'src'",
    ],
    [
      ['s3://src', '--to', 's3://dest', '--endpoint', 'http://x', '--rows-per-file', '0'],
      "--rows-per-file must be a positive integer, got '0'",
    ],
  ])('usage errors: %j', async (args, message) => {
    const { command } = setup();
    await expect(command.run(args, fakeContext())).rejects.toMatchObject({ message, exitCode: 2 });
  });

  test('a missing source bucket is an input error', async () => {
    const { command } = setup();
    await expect(
      command.run(['s3://nope', '--to', 's3://dest', '--endpoint', 'http://x'], fakeContext()),
    ).rejects.toMatchObject({
      exitCode: 3,
    });
  });
});
