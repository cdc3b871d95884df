// The folders of src/ and what each may import: the table docs/architecture.md prints, enforced here.
// test/unit/lint/boundaries.test.ts lints bad imports against it and checks the docs' table against FOLDERS.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import fs from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;

/** What the composition root (src/api) composes: every folder below it. */
const COMPOSED = [
  'engine',
  'events',
  'integrations',
  'map',
  'operator',
  'protocol',
  'runtime',
  's3',
  'schedules',
  'sns',
  'sqs',
  'store',
  'ui',
];

/**
 * Lowest layer first; a folder may import only the folders it lists (each from a lower layer). A folder with an
 * `index.ts` is imported through it; a file of a folder without one may be imported directly.
 */
export const FOLDERS = {
  engine: [],
  protocol: [],
  operator: [],
  integrations: ['engine', 'protocol'],
  map: ['engine'],
  store: ['engine', 'map'],
  runtime: ['engine', 'map', 'protocol', 'store'],
  s3: ['protocol'],
  sqs: ['engine', 'protocol', 'runtime', 'store'],
  sns: ['engine', 'protocol', 'runtime', 'store'],
  events: ['engine', 'protocol', 'runtime', 'store'],
  schedules: ['engine', 'integrations', 'protocol', 'runtime', 'store'],
  ui: ['engine', 'operator', 'protocol', 'runtime', 'store'],
  api: COMPOSED,
  // Every folder above, the composition root included.
  cli: ['api', ...COMPOSED],
  testing: ['api', 'cli', 'integrations', 'runtime'],
};

/**
 * Files compiled for the browser too (src/ui/web/tsconfig.json): the engine's index would pull the interpreter into
 * the page, so these read the history event types from engine/events.ts itself.
 */
const BROWSER = ['src/ui/graph', 'src/ui/web'];

const hasIndex = (folder) => fs.existsSync(path.join(root, 'src', folder, 'index.ts'));

function zones() {
  const out = [];
  for (const [folder, allowed] of Object.entries(FOLDERS)) {
    for (const other of Object.keys(FOLDERS)) {
      if (other === folder) continue;
      const from = `src/${other}`;
      if (!allowed.includes(other)) {
        out.push({
          target: `src/${folder}`,
          from,
          message: `src/${folder} may import only ${allowed.length === 0 ? 'itself' : allowed.join(', ')} (docs/architecture.md).`,
        });
      } else if (hasIndex(other)) {
        const message = `Import src/${other} through its index.ts, not a file inside it (docs/architecture.md).`;
        const browser = folder === 'ui' && other === 'engine';
        out.push({
          target: browser ? ['src/ui/*.ts', 'src/ui/!(graph|web)/**'] : `src/${folder}`,
          from,
          except: ['./index.ts'],
          message,
        });
        if (browser) out.push({ target: BROWSER, from, except: ['./index.ts', './events.ts'], message });
      }
    }
  }
  return out;
}

export const SRC_BOUNDARIES = [
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: zones() }],
    },
  },
];
