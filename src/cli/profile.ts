/**
 * The local profile as CLI commands read it: a bad profile is a usage problem of the user's files (exit 3), and its
 * message already names the file and the field.
 */
import { isConfigError, loadProfile, type Profile } from '../integrations';
import { CliError, ExitCode } from './errors';

export function loadCliProfile(path: string | undefined, cwd: string): Profile {
  try {
    return loadProfile(path, cwd);
  } catch (error) {
    if (isConfigError(error)) throw new CliError(error.message, ExitCode.Input);
    throw error;
  }
}
