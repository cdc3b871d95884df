import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineCommand } from '../../args';
import { CliError, ExitCode, UsageError } from '../../errors';

const usage = `Usage: fanout init [DIR]

Writes a starter project into DIR (default: the working directory): a local profile (fanout.local.json) whose
Batch job definition runs tasks/greet.mjs, an example workflow (workflows/hello.asl.json) and a node:test test
of it (test/hello.test.mjs) that uses fanout/testing with a mock configuration and virtual time. Writes nothing
when one of these files exists already.

Options:
  -h, --help  show this help
`;

/** The starter files, shipped with the package: the CLI is dist/cli/commands/init, the templates sit at the root. */
const TEMPLATE = resolve(__dirname, '../../../../templates/init');

export const command = defineCommand(usage, {}, ({ positionals }, context) => {
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1] ?? ''}'`, usage);
  const target = resolve(context.cwd, positionals[0] ?? '.');
  const files = templateFiles(TEMPLATE);
  const existing = files.filter((file) => existsSync(join(target, file)));
  if (existing.length > 0) {
    throw new CliError(
      `fanout init writes nothing: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${target}`,
      ExitCode.Input,
    );
  }
  for (const file of files) {
    cpSync(join(TEMPLATE, file), join(target, file), { errorOnExist: true, force: false });
    context.stdout(`${join(relative(context.cwd, target) || '.', file)}\n`);
  }
  context.stderr(
    [
      'fanout: next:',
      '  npx fanout validate workflows/hello.asl.json',
      `  npx fanout run workflows/hello.asl.json --input '{"name":"Ada"}'`,
      '  node --test',
      '',
    ].join('\n'),
  );
  return Promise.resolve(ExitCode.Ok);
});

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = join(prefix, entry.name);
    return entry.isDirectory() ? templateFiles(dir, path) : [path];
  });
}
