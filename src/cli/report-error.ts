/**
 * The one place that turns whatever a command threw into an exit code and a message for stderr. Users see a
 * message they can act on; stacks only with FANOUT_DEBUG set.
 */
import { isInputError } from '../operator';
import { ExitCode, isCliError, isUsageError, messageOf } from './errors';
import { networkErrorCode } from './network-error';

export interface ErrorReport {
  exitCode: ExitCode;
  message: string;
}

export function reportError(error: unknown, debug = false): ErrorReport {
  if (isUsageError(error)) {
    return { exitCode: error.exitCode, message: `fanout: ${error.message}\n\n${error.usage.trimEnd()}\n` };
  }
  if (isCliError(error)) return { exitCode: error.exitCode, message: `fanout: ${error.message}\n` };
  if (isInputError(error)) return { exitCode: ExitCode.Input, message: `fanout: ${error.message}\n` };
  const service = asServiceException(error);
  if (service !== undefined) {
    // An invalid definition is the workflow's fault, like a failed validation, not the endpoint's.
    const exitCode = service.name === 'InvalidDefinition' ? ExitCode.Failed : ExitCode.Endpoint;
    return { exitCode, message: `fanout: ${service.name}: ${service.message}\n` };
  }
  const network = networkErrorCode(error);
  if (network !== undefined) {
    return { exitCode: ExitCode.Endpoint, message: `fanout: cannot reach the endpoint (${network})\n` };
  }
  const stack = (error as { stack?: unknown } | null)?.stack;
  const detail = debug && typeof stack === 'string' ? stack : messageOf(error);
  return {
    exitCode: ExitCode.Internal,
    message:
      `fanout: internal error: ${detail}\n` +
      (debug ? '' : 'This is a bug in fanout; set FANOUT_DEBUG=1 for details and please report it.\n'),
  };
}

/** The SDK's service exceptions (duck-typed: main must not load the SDK just to classify an error). */
function asServiceException(error: unknown): { name: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { $fault, name } = error as { $fault?: unknown; name?: unknown };
  if (($fault !== 'client' && $fault !== 'server') || typeof name !== 'string') return undefined;
  return { name, message: messageOf(error) };
}
