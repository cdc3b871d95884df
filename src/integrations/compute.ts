/**
 * What the ECS and Batch integrations share: the profile, one capacity pool for both (they compete for the same
 * machine), the task logs, Spot chaos, and the set of running processes so a shutdown leaves none behind.
 */
import { CapacityPool } from './capacity';
import type { ChaosOptions } from './chaos';
import { SpotChaos } from './chaos';
import type { IntegrationContext } from './handler';
import type { Location } from './arns';
import { TaskLogs } from './logs';
import type { ContainerProcess } from './process/container-process';
import type { Profile } from './profile';

/** How long a shutdown waits after SIGTERM before SIGKILL, whatever the task definitions say. */
const SHUTDOWN_GRACE_MS = 2000;

export class LocalCompute {
  readonly capacity: CapacityPool;
  readonly chaos: SpotChaos;
  readonly random: () => number;
  private readonly processes = new Set<ContainerProcess>();
  private readonly logsByDir = new Map<string, TaskLogs>();
  private closing = false;

  constructor(
    readonly profile: Profile,
    chaos: ChaosOptions = {},
    readonly log: (line: string) => void = () => undefined,
  ) {
    this.capacity = new CapacityPool(profile.capacity);
    this.chaos = new SpotChaos(chaos);
    this.random = chaos.random ?? Math.random;
  }

  get closed(): boolean {
    return this.closing;
  }

  logs(context: IntegrationContext): TaskLogs {
    let logs = this.logsByDir.get(context.dataDir);
    if (logs === undefined) {
      logs = new TaskLogs(context.dataDir);
      this.logsByDir.set(context.dataDir, logs);
    }
    return logs;
  }

  /** Tracks a process until it exits. */
  track(process: ContainerProcess): void {
    this.processes.add(process);
    void process.exited.then(() => this.processes.delete(process));
  }

  /** Number of task processes running now. */
  get running(): number {
    return this.processes.size;
  }

  /** Stops every process (SIGTERM, SIGKILL after a short grace) and resolves when all have exited. */
  async close(): Promise<void> {
    this.closing = true;
    const all = [...this.processes];
    for (const p of all) p.stop(SHUTDOWN_GRACE_MS / 1000);
    await Promise.all(all.map((p) => p.exited));
  }
}

export function locationOf(context: IntegrationContext): Location {
  return { region: context.region, accountId: context.accountId };
}
