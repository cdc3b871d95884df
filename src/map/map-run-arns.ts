/**
 * Map Run identifiers (spec §1.1): `…:mapRun:<stateMachineName>/<label>:<uuid>` for the run,
 * `…:stateMachine:<stateMachineName>/<label>` and `…:execution:<stateMachineName>/<label>:<uuid>` for children.
 */

export interface MapRunNames {
  /** `arn:<partition>:states:<region>:<account>` */
  prefix: string;
  stateMachineName: string;
  label: string;
}

/** The ARN prefix and names a Map Run of `stateMachineArn` uses. */
export function mapRunNames(stateMachineArn: string, stateMachineName: string, label: string): MapRunNames {
  return { prefix: stateMachineArn.split(':').slice(0, 5).join(':'), stateMachineName, label };
}

export function mapRunArn(names: MapRunNames, uuid: string): string {
  return `${names.prefix}:mapRun:${names.stateMachineName}/${names.label}:${uuid}`;
}

export function childStateMachineArn(names: MapRunNames): string {
  return `${names.prefix}:stateMachine:${names.stateMachineName}/${names.label}`;
}

export function childExecutionArn(names: MapRunNames, name: string): string {
  return `${names.prefix}:execution:${names.stateMachineName}/${names.label}:${name}`;
}

/** The `<uuid>` of a Map Run ARN: the folder its result files go under. */
export function mapRunId(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * Splits `<stateMachineName>/<label>` (the machine part of a child's ARN) at the first slash: state machine
 * names cannot contain one. Undefined when there is none, i.e. for a top-level execution.
 */
export function splitChildMachine(machine: string): { stateMachineName: string; label: string } | undefined {
  const slash = machine.indexOf('/');
  if (slash <= 0 || slash === machine.length - 1) return undefined;
  return { stateMachineName: machine.slice(0, slash), label: machine.slice(slash + 1) };
}
