import { resolve } from 'node:path';
import { type Diagnostic, validateDefinition } from '../../../engine';
import { isConfigError, loadProfile, unmappedStates, type Profile } from '../../../integrations';
import { awsSdkCatalog } from '../../../runtime';
import { expectAtLeastOne, defineCommand } from '../../args';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError, isCliError } from '../../errors';
import { loadWorkflow } from '../../workflow';

const usage = `Usage: fanout validate FILE... [--type STANDARD|EXPRESS] [--profile FILE]

Validates workflow definitions the way CreateStateMachine does, without a server. Prints "FILE: OK" or each
problem with its location; exits 1 if any file fails, 3 if a file (or the profile) cannot be read.

Options:
  --type STANDARD|EXPRESS  the state machine type to validate for (default STANDARD)
  --profile FILE           also check that the local runtime can run every Task with this profile: its
                           substitutions fill \${...}, and each Task's integration, pattern, ECS task definition,
                           Batch job definition and Lambda function must be served locally (LOCAL_UNMAPPED)
  -h, --help               show this help
`;

export const command = defineCommand(
  usage,
  { type: 'string', profile: 'string' },
  ({ values, positionals }, context) => {
    const files = expectAtLeastOne(positionals, 'FILE', usage);
    const type = (values.type ?? 'STANDARD').toUpperCase();
    if (type !== 'STANDARD' && type !== 'EXPRESS') {
      throw new UsageError(`--type must be STANDARD or EXPRESS, got '${values.type ?? ''}'`, usage);
    }
    let profile: Profile | undefined;
    if (values.profile !== undefined) {
      try {
        profile = loadProfile(values.profile, context.cwd);
      } catch (error) {
        if (!isConfigError(error)) throw error;
        context.stderr(`fanout: ${error.message}\n`);
        return Promise.resolve(ExitCode.Input);
      }
    }
    let worst: number = ExitCode.Ok;
    for (const file of files) {
      const code = validateFile(file, type, context, profile);
      worst = Math.max(worst, code);
    }
    return Promise.resolve(worst);
  },
);

/** One file's verdict; an unreadable file is reported and the others are still checked. */
function validateFile(
  file: string,
  type: 'STANDARD' | 'EXPRESS',
  context: CommandContext,
  profile: Profile | undefined,
): number {
  let definition: string;
  let unresolved: string[];
  try {
    ({ definition, unresolved } = loadWorkflow(resolve(context.cwd, file), profile?.substitutions));
  } catch (error) {
    if (!isCliError(error)) throw error;
    context.stderr(`fanout: ${error.message}\n`);
    return error.exitCode;
  }
  const result = validateDefinition(definition, { type, resources: awsSdkCatalog });
  const diagnostics = [...result.diagnostics];
  if (profile !== undefined) {
    for (const name of unresolved) {
      diagnostics.push({
        severity: 'ERROR',
        code: 'LOCAL_UNMAPPED',
        message: `\${${name}} has no value in the profile's "substitutions" (${profile.path ?? 'no profile file'})`,
      });
    }
    if (result.result === 'OK') {
      for (const u of unmappedStates(JSON.parse(definition), profile)) {
        diagnostics.push({
          severity: 'ERROR',
          code: 'LOCAL_UNMAPPED',
          location: u.location,
          message: `state '${u.stateName}' cannot run locally: ${u.message}`,
        });
      }
    }
  }
  const verdict = result.result === 'OK' && diagnostics.every((d) => d.severity !== 'ERROR') ? 'OK' : 'FAIL';
  context.stdout(formatDiagnostics(file, verdict, diagnostics));
  return verdict === 'OK' ? ExitCode.Ok : ExitCode.Failed;
}

export function formatDiagnostics(file: string, result: 'OK' | 'FAIL', diagnostics: readonly Diagnostic[]): string {
  const lines = result === 'OK' ? [`${file}: OK`] : [];
  for (const d of diagnostics) {
    const where = d.location === undefined ? '' : ` at ${d.location}`;
    lines.push(`${file}: ${d.severity} ${d.code}${where}: ${d.message}`);
  }
  return lines.join('\n') + '\n';
}
