/**
 * The context object (`$$` in JSONPath, `$states.context` in JSONata), shaped as AWS shows it.
 */
import type { Json, JsonObject } from './json';

export interface ExecutionContext {
  Id: string;
  Input: Json;
  Name: string;
  RoleArn: string;
  StartTime: string;
  RedriveCount: number;
  RedriveTime?: string;
}

export interface MapItemContext {
  Index: number;
  Value: Json;
  Key?: string;
  Source?: string;
}

export interface ContextParts {
  execution: ExecutionContext;
  stateMachine: { Id: string; Name: string };
  state: { Name: string; EnteredTime: string; RetryCount?: number };
  task?: { Token: string };
  mapItem?: MapItemContext;
}

export function buildContext(parts: ContextParts): JsonObject {
  const ctx: JsonObject = {
    Execution: executionInAwsOrder(parts.execution),
    StateMachine: parts.stateMachine,
    State: parts.state,
  };
  if (parts.task) ctx['Task'] = parts.task;
  if (parts.mapItem) ctx['Map'] = { Item: parts.mapItem as unknown as JsonObject };
  return ctx;
}

/** `$$.Execution` with its keys in the order AWS prints them: Id, Input, StartTime, Name, RoleArn, RedriveCount. */
function executionInAwsOrder(e: ExecutionContext): JsonObject {
  return {
    Id: e.Id,
    Input: e.Input,
    StartTime: e.StartTime,
    Name: e.Name,
    RoleArn: e.RoleArn,
    RedriveCount: e.RedriveCount,
    ...(e.RedriveTime !== undefined ? { RedriveTime: e.RedriveTime } : {}),
  };
}
