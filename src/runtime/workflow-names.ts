import { basename } from 'node:path';

/**
 * The state machine a workflow file deploys as: its file name without `.asl.json`/`.json`. Names allow
 * letters, digits, '-' and '_' (up to 80); anything else in a file name becomes '-'.
 */
export function stateMachineNameFor(path: string): string {
  const base = basename(path).replace(/\.asl\.json$|\.json$/i, '');
  const name = base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  return name === '' ? 'workflow' : name;
}
