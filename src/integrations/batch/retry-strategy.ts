/**
 * RetryStrategy.EvaluateOnExit: the first rule whose conditions all match the failed attempt decides RETRY or
 * EXIT; when none matches, Batch retries (while attempts remain). Patterns may end in `*`.
 */
import type { Params } from '../params';

export interface ExitRule {
  readonly onExitCode?: string;
  readonly onReason?: string;
  readonly onStatusReason?: string;
  readonly action: 'RETRY' | 'EXIT';
}

export interface FailedAttempt {
  readonly exitCode: number | null;
  /** The container's reason (e.g. CannotStartContainerError: …). */
  readonly reason: string | undefined;
  readonly statusReason: string;
}

export function parseEvaluateOnExit(retry: Params): ExitRule[] {
  return retry.objects('EvaluateOnExit').map((rule) => {
    const action = rule.requiredString('Action').toUpperCase();
    if (action !== 'RETRY' && action !== 'EXIT') {
      throw rule.error(`RetryStrategy.EvaluateOnExit Action must be RETRY or EXIT, got ${action}.`);
    }
    const onExitCode = rule.string('OnExitCode');
    const onReason = rule.string('OnReason');
    const onStatusReason = rule.string('OnStatusReason');
    return {
      action,
      ...(onExitCode !== undefined ? { onExitCode } : {}),
      ...(onReason !== undefined ? { onReason } : {}),
      ...(onStatusReason !== undefined ? { onStatusReason } : {}),
    };
  });
}

export function shouldRetry(rules: readonly ExitRule[], attempt: FailedAttempt): boolean {
  for (const rule of rules) {
    if (
      rule.onExitCode !== undefined &&
      !matches(rule.onExitCode, attempt.exitCode === null ? '' : String(attempt.exitCode))
    )
      continue;
    if (rule.onReason !== undefined && !matches(rule.onReason, attempt.reason ?? '')) continue;
    if (rule.onStatusReason !== undefined && !matches(rule.onStatusReason, attempt.statusReason)) continue;
    return rule.action === 'RETRY';
  }
  return true;
}

function matches(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}
