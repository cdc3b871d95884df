/**
 * A write refused because the data directory's file system is full (or over quota): node's ENOSPC/EDQUOT and
 * SQLite's SQLITE_FULL. Such a request is answered with a retryable 503 in its own protocol, naming the cause.
 */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

export const DISK_FULL_MESSAGE =
  "The local endpoint's data directory is out of disk space: nothing was changed. Free space and retry.";
