/**
 * One local ECS task's state as it moves PROVISIONING → PENDING → RUNNING → STOPPED, and its DescribeTasks
 * `tasks[0]` in the PascalCase Step Functions returns (timestamps as epoch milliseconds, as the service's
 * Java SDK serialises them).
 */
import type { JsonObject } from '../../engine';
import type { Location } from '../arns';
import { ecsArn } from '../arns';
import type { RunTaskPlan } from './request';

export type StopCode = 'EssentialContainerExited' | 'TaskFailedToStart' | 'SpotInterruption' | 'UserInitiated';

export interface ContainerState {
  readonly name: string;
  readonly arn: string;
  readonly essential: boolean;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number | null;
  reason?: string;
}

export class EcsTask {
  readonly arn: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly createdAt = Date.now();
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEPROVISIONING' | 'STOPPED' = 'PROVISIONING';
  desiredStatus: 'RUNNING' | 'STOPPED' = 'RUNNING';
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: StopCode;
  stoppedReason?: string;
  readonly containers: ContainerState[];
  private version = 1;

  constructor(
    readonly id: string,
    readonly plan: RunTaskPlan,
    at: Location,
    readonly startedBy: string | undefined,
  ) {
    this.arn = ecsArn.task(at, plan.cluster, id);
    this.clusterArn = ecsArn.cluster(at, plan.cluster);
    this.taskDefinitionArn = ecsArn.taskDefinition(at, plan.definition.family);
    this.containers = plan.containers.map((c) => ({
      name: c.name,
      arn: ecsArn.container(at, plan.cluster, id),
      essential: c.essential,
      lastStatus: 'PENDING',
    }));
  }

  get spot(): boolean {
    return this.plan.capacityProvider === 'FARGATE_SPOT';
  }

  /** Records why the task stops; the first reason wins, as ECS keeps the first stop code. */
  stopping(code: StopCode, reason: string): boolean {
    if (this.stopCode !== undefined || this.lastStatus === 'STOPPED') return false;
    this.stopCode = code;
    this.stoppedReason = reason;
    this.desiredStatus = 'STOPPED';
    this.stoppingAt = Date.now();
    this.version += 1;
    return true;
  }

  setStatus(status: EcsTask['lastStatus']): void {
    this.lastStatus = status;
    this.version += 1;
    if (status === 'RUNNING') this.startedAt = Date.now();
    if (status === 'STOPPED') this.stoppedAt = Date.now();
  }

  /** STOPPED with every essential container at exit code 0 and no stop imposed from outside. */
  get succeeded(): boolean {
    return (
      this.lastStatus === 'STOPPED' &&
      this.stopCode === 'EssentialContainerExited' &&
      this.containers.every((c) => !c.essential || c.exitCode === 0)
    );
  }

  describe(): JsonObject {
    const { plan } = this;
    return {
      Attachments: [],
      AvailabilityZone: 'local',
      ...(plan.capacityProvider !== undefined ? { CapacityProviderName: plan.capacityProvider } : {}),
      ClusterArn: this.clusterArn,
      Connectivity: this.startedAt !== undefined ? 'CONNECTED' : 'DISCONNECTED',
      Containers: this.containers.map((c) => ({
        ContainerArn: c.arn,
        Name: c.name,
        TaskArn: this.arn,
        LastStatus: c.lastStatus,
        ...(c.exitCode !== undefined && c.exitCode !== null ? { ExitCode: c.exitCode } : {}),
        ...(c.reason !== undefined ? { Reason: c.reason } : {}),
        NetworkBindings: [],
        NetworkInterfaces: [],
      })),
      Cpu: String(plan.cpu),
      CreatedAt: this.createdAt,
      DesiredStatus: this.desiredStatus,
      EnableExecuteCommand: false,
      Group: plan.group,
      LastStatus: this.lastStatus,
      LaunchType: plan.launchType,
      Memory: String(plan.memory),
      Overrides: plan.overrides,
      PlatformFamily: 'Linux',
      PlatformVersion: '1.4.0',
      ...(this.startedAt !== undefined ? { StartedAt: this.startedAt } : {}),
      ...(this.startedBy !== undefined ? { StartedBy: this.startedBy } : {}),
      ...(this.stopCode !== undefined ? { StopCode: this.stopCode } : {}),
      ...(this.stoppedAt !== undefined ? { StoppedAt: this.stoppedAt } : {}),
      ...(this.stoppedReason !== undefined ? { StoppedReason: this.stoppedReason } : {}),
      ...(this.stoppingAt !== undefined ? { StoppingAt: this.stoppingAt } : {}),
      Tags: [],
      TaskArn: this.arn,
      TaskDefinitionArn: this.taskDefinitionArn,
      Version: this.version,
    };
  }
}
