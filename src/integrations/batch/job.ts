/**
 * One local Batch job (or array child) as it moves SUBMITTED → PENDING → RUNNABLE → STARTING → RUNNING →
 * SUCCEEDED/FAILED, and its DescribeJobs `jobs[0]` in the PascalCase Step Functions returns.
 */
import type { JsonObject } from '../../engine';
import type { Location } from '../arns';
import { batchArn } from '../arns';
import type { SubmitJobPlan } from './request';

export type JobStatus = 'SUBMITTED' | 'PENDING' | 'RUNNABLE' | 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface Attempt {
  startedAt: number;
  stoppedAt?: number;
  exitCode?: number | null;
  reason?: string;
  statusReason?: string;
  logStreamName: string;
}

export class BatchJob {
  readonly arn: string;
  readonly queueArn: string;
  readonly definitionArn: string;
  readonly createdAt = Date.now();
  status: JobStatus = 'SUBMITTED';
  statusReason?: string;
  startedAt?: number;
  stoppedAt?: number;
  readonly attempts: Attempt[] = [];
  /** The array job's children, by index. */
  readonly children: BatchJob[] = [];

  constructor(
    /** A UUID; `<parent id>:<index>` for an array child. */
    readonly id: string,
    readonly plan: SubmitJobPlan,
    at: Location,
    readonly arrayIndex?: number,
  ) {
    this.arn = batchArn.job(at, id);
    this.queueArn = batchArn.jobQueue(at, plan.queue);
    this.definitionArn = batchArn.jobDefinition(at, plan.definition.name);
  }

  get done(): boolean {
    return this.status === 'SUCCEEDED' || this.status === 'FAILED';
  }

  finish(status: 'SUCCEEDED' | 'FAILED', reason?: string): void {
    if (this.done) return;
    this.status = status;
    if (reason !== undefined) this.statusReason = reason;
    this.stoppedAt = Date.now();
  }

  describe(): JsonObject {
    const { plan } = this;
    const last = this.attempts[this.attempts.length - 1];
    const summary: Record<string, number> = {};
    for (const s of ['STARTING', 'FAILED', 'RUNNING', 'SUCCEEDED', 'RUNNABLE', 'SUBMITTED', 'PENDING']) summary[s] = 0;
    for (const child of this.children) summary[child.status] = (summary[child.status] ?? 0) + 1;
    return {
      JobArn: this.arn,
      JobName: plan.jobName,
      JobId: this.id,
      JobQueue: this.queueArn,
      Status: this.status,
      ...(this.statusReason !== undefined ? { StatusReason: this.statusReason } : {}),
      Attempts: this.attempts.map((a) => ({
        Container: {
          ...(a.exitCode !== undefined && a.exitCode !== null ? { ExitCode: a.exitCode } : {}),
          ...(a.reason !== undefined ? { Reason: a.reason } : {}),
          LogStreamName: a.logStreamName,
          NetworkInterfaces: [],
        },
        StartedAt: a.startedAt,
        ...(a.stoppedAt !== undefined ? { StoppedAt: a.stoppedAt } : {}),
        ...(a.statusReason !== undefined ? { StatusReason: a.statusReason } : {}),
      })),
      CreatedAt: this.createdAt,
      ...(this.startedAt !== undefined ? { StartedAt: this.startedAt } : {}),
      ...(this.stoppedAt !== undefined ? { StoppedAt: this.stoppedAt } : {}),
      DependsOn: [],
      JobDefinition: this.definitionArn,
      Parameters: { ...plan.parameters },
      Container: {
        Command: [...plan.command],
        Environment: Object.entries(plan.environment).map(([Name, Value]) => ({ Name, Value })),
        Vcpus: plan.vcpus,
        Memory: plan.memory,
        ResourceRequirements: [
          { Type: 'VCPU', Value: String(plan.vcpus) },
          { Type: 'MEMORY', Value: String(plan.memory) },
        ],
        ...(last?.exitCode !== undefined && last.exitCode !== null ? { ExitCode: last.exitCode } : {}),
        ...(last?.reason !== undefined ? { Reason: last.reason } : {}),
        ...(last !== undefined ? { LogStreamName: last.logStreamName } : {}),
        NetworkInterfaces: [],
      },
      ...(plan.echo.RetryStrategy !== undefined ? { RetryStrategy: plan.echo.RetryStrategy } : {}),
      ...(plan.echo.Timeout !== undefined ? { Timeout: plan.echo.Timeout } : {}),
      Tags: plan.echo.Tags ?? {},
      PlatformCapabilities: [],
      ...(plan.arraySize !== undefined && this.arrayIndex === undefined
        ? { ArrayProperties: { StatusSummary: summary, Size: plan.arraySize } }
        : {}),
      ...(this.arrayIndex !== undefined ? { ArrayProperties: { Index: this.arrayIndex } } : {}),
    };
  }
}
