#!/usr/bin/env node
/**
 * Assembles the publishable `fanout` package in packages/fanout from this repository's build (dist/ from
 * `npm run build`), then packs it: `node scripts/package.mjs [--out DIR]` prints the tarball's path.
 *
 * The package ships built JavaScript, type declarations, the web page's assets, the CLI, models/ and
 * lambda-runtimes/; installing it runs no compiler of ours. Its dependencies are the engine's and endpoint's only:
 * the check below fails when the built code requires a package that packages/fanout/package.json does not list
 * (the workloads' modules, which `fanout doctor`, `ocr` and `demo` load only inside this repository, excepted), or
 * when a listed version differs from the root package.json's, so the package is tested with what it declares.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGE = join(ROOT, 'packages', 'fanout');
/** Loaded with import() by this repository's workload commands only, which say so when the module is missing. */
const WORKLOAD_MODULES = new Set(['@duckdb/node-api', 'sharp']);
const SHIPPED = ['bin', 'dist', 'models', 'lambda-runtimes', 'templates'];

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(ROOT, 'packages'));

const root = readJson(join(ROOT, 'package.json'));
const manifest = readJson(join(PACKAGE, 'package.json'));
const problems = [];
if (manifest.version !== root.version) {
  problems.push(`version ${manifest.version} differs from the root package.json's ${root.version}`);
}
for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
  const rootVersion = root.dependencies?.[name];
  if (rootVersion !== version) problems.push(`${name}@${version}: the root package.json has ${rootVersion ?? 'none'}`);
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')) || !existsSync(join(ROOT, 'dist', 'browser', 'ui'))) {
  problems.push('dist/ is not built: run `npm run build` first');
}
fail(problems);

for (const entry of SHIPPED) rmSync(join(PACKAGE, entry), { recursive: true, force: true });
// The build of src/ (one folder each) and of the web page; not what else compiles into dist/ (the CDK app's tests).
const built = [
  ...readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()),
  { name: 'browser' },
];
for (const { name } of built) {
  cpSync(join(ROOT, 'dist', name), join(PACKAGE, 'dist', name), {
    recursive: true,
    filter: (path) => !path.endsWith('.map'),
  });
}
cpSync(join(ROOT, 'bin'), join(PACKAGE, 'bin'), { recursive: true });
cpSync(join(ROOT, 'models'), join(PACKAGE, 'models'), { recursive: true });
cpSync(join(ROOT, 'lambda-runtimes'), join(PACKAGE, 'lambda-runtimes'), { recursive: true });
cpSync(join(ROOT, 'templates'), join(PACKAGE, 'templates'), { recursive: true });
// Declarations for the package's typed entry points (and what they reference).
execFileSync(
  process.execPath,
  [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    ...['-p', join(ROOT, 'tsconfig.build.json'), '--declaration', '--emitDeclarationOnly'],
    ...['--sourceMap', 'false', '--outDir', join(PACKAGE, 'dist')],
  ],
  { stdio: 'inherit' },
);

const declared = new Set(Object.keys(manifest.dependencies ?? {}));
const undeclared = new Map();
for (const file of walk(join(PACKAGE, 'dist'))) {
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
    const name = packageName(match[1]);
    if (name.startsWith('node:') || builtinModules.includes(name) || declared.has(name)) continue;
    if (WORKLOAD_MODULES.has(name)) continue;
    undeclared.set(name, relative(PACKAGE, file));
  }
}
fail([...undeclared].map(([name, file]) => `${file} requires '${name}', which the package does not depend on`));

mkdirSync(out, { recursive: true });
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: PACKAGE, encoding: 'utf8' }),
);
const tarball = join(out, packed[0].filename);
process.stderr.write(
  `package: ${packed[0].entryCount} files, ${(packed[0].size / 1e6).toFixed(1)} MB packed, ` +
    `${(packed[0].unpackedSize / 1e6).toFixed(1)} MB unpacked\n`,
);
process.stdout.write(`${tarball}\n`);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function fail(list) {
  if (list.length === 0) return;
  process.stderr.write(`package: cannot pack fanout:\n${list.map((p) => `  - ${p}\n`).join('')}`);
  process.exit(1);
}
