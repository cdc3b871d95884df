import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, StateMachineDefinition } from '../../../src/engine';
import { validateDefinition } from '../../../src/engine/validation';
import { runDefinition } from '../../support/run-definition';

const root = join(__dirname, '..', '..', '..');
const definitionText = readFileSync(join(root, 'workflows', 'demo.asl.json'), 'utf8');
const input = JSON.parse(readFileSync(join(root, 'workflows', 'demo.input.json'), 'utf8')) as Json;

describe('workflows/demo.asl.json', () => {
  it('is a valid definition', () => {
    expect(validateDefinition(definitionText)).toEqual({ result: 'OK', diagnostics: [] });
  });

  it('runs on the engine: Map plan, Parallel summary, the caught publish failure and the variables', async () => {
    const { outcome, output, events, clock } = await runDefinition(
      JSON.parse(definitionText) as StateMachineDefinition,
      input,
    );
    expect(outcome.status).toBe('SUCCEEDED');
    expect(output).toEqual({
      batch: 'scans-2024-06-01',
      documents: 3,
      title: 'Batch scans-2024-06-01 with 3 documents',
      languages: ['eng', 'deu', 'fra'],
      chunks: 5,
      keys: [
        'scans-2024-06-01/invoice-0001.txt',
        'scans-2024-06-01/contract-0042.txt',
        'scans-2024-06-01/letter-0007.txt',
      ],
      publish: { published: false, error: 'Demo.PublishUnavailable' },
    });
    // The Fail branch ran twice: once, then once more after the 1 s retry interval.
    expect(events.filter((e) => e.type === 'FailStateEntered')).toHaveLength(2);
    expect(clock.sleeps).toEqual(expect.arrayContaining([1000]));
  });
});
