import type { ExecutionRecord } from '../store/executions';
import type { StateMachineRecord } from '../store/state-machines';
import type { Store } from '../store/store';
import { parseExecutionArn, parseStateMachineArn, type ServiceLocation } from './arns';
import { executionDoesNotExist, stateMachineDoesNotExist } from './errors';
import type { ChildLookup, MapRunOperations } from './map-run-operations';

export interface FoundExecution {
  execution: ExecutionRecord;
  machineName: string;
  /** Set when the ARN names a Map Run child execution. */
  child?: ChildLookup;
}

/** Resolves the ARNs requests name to stored records, throwing the AWS "does not exist" errors. */
export class ResourceLookup {
  constructor(
    private readonly store: Store,
    private readonly location: ServiceLocation,
    private readonly mapRuns: MapRunOperations,
  ) {}

  machineByArn(arn: string): StateMachineRecord {
    const name = parseStateMachineArn(this.location, arn);
    const machine = name === undefined ? undefined : this.store.stateMachines.get(name);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  executionByArn(arn: string): FoundExecution {
    const names = parseExecutionArn(this.location, arn);
    const child = names && this.mapRuns.childByArn(names[0], names[1]);
    if (child) return { execution: child.child, machineName: child.machineName, child };
    const machine = names && this.store.stateMachines.get(names[0]);
    const execution = machine && this.store.executions.get(machine.id, names[1]);
    if (!execution) throw executionDoesNotExist(arn);
    return { execution, machineName: machine.name };
  }
}
