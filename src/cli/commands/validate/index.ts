import { resolve } from 'node:path';
import { type Diagnostic, validateDefinition } from '../../../engine';
import { awsSdkCatalog } from '../../../runtime';
import { expectAtLeastOne, parseCommandArgs } from '../../args';
import type { Command, CommandContext } from '../../context';
import { ExitCode, UsageError, isCliError } from '../../errors';
import { loadWorkflow } from '../../workflow';

const usage = `Usage: fanout validate FILE... [--type STANDARD|EXPRESS]

Validates workflow definitions the way CreateStateMachine does, without a server. Prints "FILE: OK" or each
problem with its location; exits 1 if any file fails, 3 if a file cannot be read.

Options:
  --type STANDARD|EXPRESS  the state machine type to validate for (default STANDARD)
  -h, --help               show this help
`;

export const command: Command = {
  usage,
  run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { type: { type: 'string' } }, usage);
    const files = expectAtLeastOne(positionals, 'FILE', usage);
    const type = (values.type ?? 'STANDARD').toUpperCase();
    if (type !== 'STANDARD' && type !== 'EXPRESS') {
      throw new UsageError(`--type must be STANDARD or EXPRESS, got '${values.type ?? ''}'`, usage);
    }
    let worst: number = ExitCode.Ok;
    for (const file of files) {
      const code = validateFile(file, type, context);
      worst = Math.max(worst, code);
    }
    return Promise.resolve(worst);
  },
};

/** One file's verdict; an unreadable file is reported and the others are still checked. */
function validateFile(file: string, type: 'STANDARD' | 'EXPRESS', context: CommandContext): number {
  let definition: string;
  try {
    definition = loadWorkflow(resolve(context.cwd, file)).definition;
  } catch (error) {
    if (!isCliError(error)) throw error;
    context.stderr(`fanout: ${error.message}\n`);
    return error.exitCode;
  }
  const result = validateDefinition(definition, { type, resources: awsSdkCatalog });
  context.stdout(formatDiagnostics(file, result.result, result.diagnostics));
  return result.result === 'OK' ? ExitCode.Ok : ExitCode.Failed;
}

export function formatDiagnostics(file: string, result: 'OK' | 'FAIL', diagnostics: readonly Diagnostic[]): string {
  const lines = result === 'OK' ? [`${file}: OK`] : [];
  for (const d of diagnostics) {
    const where = d.location === undefined ? '' : ` at ${d.location}`;
    lines.push(`${file}: ${d.severity} ${d.code}${where}: ${d.message}`);
  }
  return lines.join('\n') + '\n';
}
