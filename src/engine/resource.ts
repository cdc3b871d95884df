/**
 * Task `Resource` ARNs: which service, which API, which integration pattern. The names match what AWS writes
 * into TaskScheduled (`resourceType` "ecs", `resource` "runTask.sync"; "aws-sdk:s3" / "getObject").
 */
import type { TaskRequest } from './ports';

export interface ParsedResource {
  resourceType: string;
  resource: string;
  pattern: TaskRequest['pattern'];
}

const PATTERN_SUFFIXES: ReadonlyArray<[string, TaskRequest['pattern']]> = [
  ['.waitForTaskToken', 'waitForTaskToken'],
  ['.sync:2', 'sync:2'],
  ['.sync', 'sync'],
];

export function parseResource(arn: string): ParsedResource {
  const pattern = PATTERN_SUFFIXES.find(([suffix]) => arn.endsWith(suffix))?.[1] ?? 'request-response';
  const parts = arn.split(':');
  // arn:aws:states:::<service>:<api>  or  arn:aws:states:::aws-sdk:<service>:<api>
  if (parts[2] === 'states' && parts[3] === '' && parts[4] === '' && parts.length >= 7) {
    if (parts[5] === 'aws-sdk') {
      return { resourceType: `aws-sdk:${parts[6] ?? ''}`, resource: parts.slice(7).join(':'), pattern };
    }
    return { resourceType: parts[5] ?? '', resource: parts.slice(6).join(':'), pattern };
  }
  if (parts[2] === 'states' && parts[5] === 'activity') return { resourceType: 'activity', resource: arn, pattern };
  if (parts[2] === 'lambda') return { resourceType: 'lambda', resource: arn, pattern };
  return { resourceType: parts[2] ?? 'unknown', resource: arn, pattern };
}
