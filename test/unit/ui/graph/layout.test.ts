import ELK from 'elkjs/lib/elk.bundled.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../src/cli/main';
import { layoutGraph } from '../../../../src/ui/graph/layout';
import { renderSvg } from '../../../../src/ui/graph/svg';
import { fakeContext } from '../../cli/fake-context';

const definition = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.kind', StringEquals: 'pdf', Next: 'Both' }],
      Default: 'Each <page>',
    },
    Both: {
      Type: 'Parallel',
      Next: 'Each <page>',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
    },
    'Each <page>': {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: {
          Work: { Type: 'Task', Resource: 'x', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Park' }], End: true },
          Park: { Type: 'Pass', End: true },
        },
      },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

describe('the graph', () => {
  test('nests Parallel branches and Map bodies inside their state; Choice and Catch edges are labelled', async () => {
    const layout = await layoutGraph(definition, new ELK());
    const node = (name: string) => layout.nodes.find((n) => n.name === name)!;
    const inside = (inner: string, outer: string): boolean => {
      const a = node(inner);
      const b = node(outer);
      return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
    };
    expect(node('Both').kind).toBe('container');
    expect(inside('Left', 'Both') && inside('Right', 'Both')).toBe(true);
    expect(inside('Work', 'Each <page>') && inside('Park', 'Each <page>')).toBe(true);
    expect(node('Each <page>').distributed).toBe(true);
    // Branches side by side, as the console draws them.
    expect(node('Left').y).toBe(node('Right').y);
    expect(layout.edges.map((e) => e.label).filter(Boolean)).toEqual(
      expect.arrayContaining(['$.kind StringEquals "pdf"', 'Default', 'Catch States.ALL']),
    );
    expect(node('Start').y).toBeLessThan(node('Route').y);
    expect(node('End').y).toBeGreaterThan(node('Done').y);
  });

  test('the SVG escapes names and carries data-state / data-status for each state', async () => {
    const layout = await layoutGraph(definition, new ELK());
    const svg = renderSvg(layout, { statusOf: (n) => (n === 'Work' ? 'failed' : 'not-run') });
    expect(svg).not.toContain('<page>');
    expect(svg).toContain('data-state="Each &#60;page&#62;"');
    expect(svg).toContain('data-state="Work" data-type="Task" data-status="failed" tabindex="0"');
    const bare = renderSvg(layout);
    expect(bare).not.toContain('data-status');
  });

  test('fanout graph writes an SVG and prints an execution page URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-graph-test-'));
    try {
      writeFileSync(join(dir, 'wf.asl.json'), JSON.stringify(definition));
      expect(await runCli(['graph', 'wf.asl.json', '--out', 'g.svg'], fakeContext(dir))).toBe(0);
      expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);

      const arn = 'arn:aws:states:us-east-1:000000000000:execution:demo:run 1';
      const url = fakeContext(dir);
      expect(await runCli(['graph', arn, '--endpoint', 'http://127.0.0.1:9999'], url)).toBe(0);
      expect(url.out.join('')).toBe(`http://127.0.0.1:9999/ui/executions/${encodeURIComponent(arn)}\n`);

      expect(await runCli(['graph', 'wf.asl.json', '--out', 'g.gif'], fakeContext(dir))).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
