/** The EventBridge shapes the service keeps and returns, with the SDK's member names. */

export interface InputTransformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

export interface RetryPolicy {
  /** 0–185. @default 185 */
  MaximumRetryAttempts?: number;
  /** 60–86400. @default 86400 */
  MaximumEventAgeInSeconds?: number;
}

export interface Target {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
  RetryPolicy?: RetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  SqsParameters?: { MessageGroupId?: string };
}

/** An event as rules see it and targets receive it. */
export interface EventEnvelope {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** What a rule's targets need to know about the rule (input transformer variables, DLQ attributes). */
export interface RuleRef {
  bus: string;
  name: string;
  arn: string;
}

export const DEFAULT_BUS = 'default';
export const DEFAULT_MAX_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400;

export function ruleArn(region: string, account: string, bus: string, name: string): string {
  return `arn:aws:events:${region}:${account}:rule/${bus === DEFAULT_BUS ? '' : `${bus}/`}${name}`;
}

export function busArn(region: string, account: string, bus: string): string {
  return `arn:aws:events:${region}:${account}:event-bus/${bus}`;
}

/** EventBusName may be a name or an ARN. */
export function busNameOf(nameOrArn: string): string {
  const match = /^arn:aws[a-z-]*:events:[^:]*:\d*:event-bus\/(.+)$/.exec(nameOrArn);
  return match ? match[1]! : nameOrArn;
}

/** EventBridge's time format: ISO-8601 to the second. */
export function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
