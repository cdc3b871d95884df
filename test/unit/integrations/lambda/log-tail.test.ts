import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogTail } from '../../../../src/integrations/lambda/log-tail';
import { readTail } from '../../../../src/integrations/logs';

describe('reading the end of a log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-tail-'));
  const text = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`).join('');
  writeFileSync(join(dir, 'task.log'), text);

  it('gives the last bytes and the whole size, or everything of a short file', () => {
    const tail = readTail(join(dir, 'task.log'), 100);
    expect(tail.size).toBe(Buffer.byteLength(text));
    expect(tail.bytes.toString()).toBe(text.slice(-100));
    expect(readTail(join(dir, 'task.log'), 1e9).bytes.toString()).toBe(text);
  });

  it('gives nothing for a file that is not there', () => {
    expect(readTail(join(dir, 'missing.log'), 100)).toEqual({ bytes: Buffer.alloc(0), size: 0 });
  });

  it("answers Lambda's log result as the last 4 KB in base64", () => {
    expect(Buffer.from(readLogTail(dir, 'task.log'), 'base64').toString()).toBe(text.slice(-4096));
    expect(readLogTail(dir, 'missing.log')).toBe('');
  });
});
