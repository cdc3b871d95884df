import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');

interface Probe {
  filePath: string;
  code: string;
}
interface LintOutcome {
  folders: Record<string, string[]>;
  results: { ruleId: string | null; message: string }[][];
}

/**
 * Lints each probe's text as if it were the file at `filePath`, with the repository's own eslint.config.mjs, in a
 * child process (ESLint loads its config as an ES module, which jest's module system does not). Type-aware rules are
 * switched off for the probes: the probe files do not exist, so the TypeScript project does not know them.
 */
function lint(probes: Probe[]): LintOutcome {
  const script = `
    import { ESLint } from 'eslint';
    import tseslint from 'typescript-eslint';
    import { FOLDERS } from './eslint.boundaries.mjs';
    const probes = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [tseslint.configs.disableTypeChecked] });
    const results = [];
    for (const probe of probes) {
      const [result] = await eslint.lintText(probe.code, { filePath: probe.filePath });
      results.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
    }
    process.stdout.write(JSON.stringify({ folders: FOLDERS, results }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint probe failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as LintOutcome;
}

/** The rows of docs/architecture.md's "Folders and what each imports" table: folder → the folders it may import. */
function documentedFolders(): Record<string, string[]> {
  const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const section = doc.split('## Folders and what each imports')[1]?.split('\n## ')[0] ?? '';
  const rows: Record<string, string[]> = {};
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const folder = /^`src\/([a-z0-9]+)\/`$/.exec(cells[1] ?? '')?.[1];
    if (folder === undefined) continue;
    rows[folder] = [...(cells[3] ?? '').matchAll(/`([a-z0-9]+)`/g)].map((m) => m[1]!);
  }
  return rows;
}

describe('eslint.config.mjs: the boundaries of src/', () => {
  let outcome: LintOutcome;
  const probes: Probe[] = [
    // 0: a lower layer importing a higher one
    {
      filePath: 'src/map/lint-probe.ts',
      code: "import type { Store } from '../store/store';\nexport type S = Store;\n",
    },
    // 1: a folder importing what its row allows, through the index
    { filePath: 'src/map/lint-probe.ts', code: "import type { Json } from '../engine';\nexport type S = Json;\n" },
    // 2: past a folder's index.ts
    {
      filePath: 'src/runtime/lint-probe.ts',
      code: "import type { Json } from '../engine/json';\nexport type S = Json;\n",
    },
    // 3: a cycle: engine/interpreter.ts imports engine/errors.ts, so errors.ts importing the interpreter closes one
    {
      filePath: 'src/engine/errors.ts',
      code: "import { runExecution } from './interpreter';\nexport const run = runExecution;\n",
    },
    // 4: the engine's I/O fence
    { filePath: 'src/engine/lint-probe.ts', code: "import * as fs from 'fs';\nexport const read = fs.readFileSync;\n" },
  ];

  beforeAll(() => {
    outcome = lint(probes);
  }, 120_000);

  it('fails an import from a lower layer to a higher one, naming what the folder may import', () => {
    expect(outcome.results[0]).toEqual([
      {
        ruleId: 'import-x/no-restricted-paths',
        message: expect.stringContaining('src/map may import only engine') as string,
      },
    ]);
  });

  it('passes an import the folder may make, through the index', () => {
    expect(outcome.results[1]).toEqual([]);
  });

  it('fails a deep import past a folder index.ts', () => {
    expect(outcome.results[2]).toEqual([
      {
        ruleId: 'import-x/no-restricted-paths',
        message: expect.stringContaining('Import src/engine through its index.ts') as string,
      },
    ]);
  });

  it('fails an import cycle', () => {
    expect(outcome.results[3]?.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });

  it('keeps the engine free of I/O', () => {
    expect(outcome.results[4]?.map((m) => m.message)).toEqual([
      expect.stringContaining('src/engine is pure; do I/O behind a port.'),
    ]);
  });

  it('is the table docs/architecture.md prints, folder for folder', () => {
    const documented = documentedFolders();
    const enforced = Object.fromEntries(
      Object.entries(outcome.folders).map(([f, allowed]) => [f, [...allowed].sort()]),
    );
    expect(Object.fromEntries(Object.entries(documented).map(([f, allowed]) => [f, [...allowed].sort()]))).toEqual(
      enforced,
    );
    expect(Object.keys(enforced).sort()).toEqual(
      fs
        .readdirSync(path.join(root, 'src'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    );
  });
});
