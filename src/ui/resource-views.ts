/** The JSON shapes of the machine and activities pages, shared by the server and the page (no imports). */

export interface VersionView {
  stateMachineVersionArn: string;
  version: number;
  description?: string;
  creationDate: number;
}

export interface AliasView {
  stateMachineAliasArn: string;
  name: string;
  description?: string;
  creationDate: number;
  routing: { stateMachineVersionArn: string; weight: number }[];
}

export interface MachineDetail {
  stateMachineArn: string;
  name: string;
  type: string;
  revisionId?: string;
  description?: string;
  creationDate: number;
  definition: string;
  versions: VersionView[];
  aliases: AliasView[];
}

export interface ActivityTaskView {
  executionArn: string;
  stateName: string;
  /** Epoch milliseconds. */
  scheduled: number;
  started?: number;
  workerName?: string;
}

export interface ActivityView {
  activityArn: string;
  name: string;
  creationDate: number;
  /** Tasks no worker has taken yet, oldest first. */
  waiting: ActivityTaskView[];
  /** Tasks a worker took and has not answered. */
  running: ActivityTaskView[];
  /** GetActivityTask calls waiting for a task now. */
  pollers: number;
}

/** A task's log as the execution page shows it under a Task state (ECS task, Batch job or Lambda invocation). */
export interface TaskLogView {
  /** The ECS task, Batch job or Lambda request (`<function ARN>:<request id>`) that wrote it. */
  arn: string;
  attempt: number;
  startedAt: number;
  stoppedAt?: number;
  exitCode?: number | null;
  /** The log's last bytes. */
  text: string;
  truncated: boolean;
}

/** An EventBridge rule as the rules page shows it: pattern, targets and the events it matched lately. */
export interface RuleView {
  name: string;
  bus: string;
  arn: string;
  state: string;
  description?: string;
  /** The pattern's JSON text. */
  eventPattern?: string;
  /** `rate(...)` or `cron(...)`: the rule fires on schedule. */
  scheduleExpression?: string;
  targets: { id: string; arn: string; input: string; retry: string; deadLetterQueue?: string }[];
  /** Newest first. */
  deliveries: {
    time: number;
    eventId: string;
    /** The matched event's source and detail-type. */
    event: string;
    targetId: string;
    outcome: string;
    attempts: number;
    /** The execution started (or the message sent). */
    resourceArn?: string;
    error?: string;
  }[];
}
