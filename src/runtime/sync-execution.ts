/**
 * StartSyncExecution: runs an EXPRESS execution to its end and answers with its outcome, as AWS does for
 * synchronous Express workflows (STANDARD machines are refused). The execution is also kept like any other,
 * so `fanout history` and the UI show it under its `execution:` ARN; the answer names it with AWS's
 * `express:` ARN (`…:express:<machine>:<name>:<uuid>`).
 */
import type {
  DescribeExecutionOutput,
  StartExecutionInput,
  StartExecutionOutput,
  StartSyncExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { Store } from '../store/store';
import { parseStateMachineTarget, type ServiceLocation } from './arns';
import { serviceError, stateMachineDoesNotExist } from './errors';
import { optionalString, requiredString } from './requests';

type Fields = Record<string, unknown>;

/** What AWS bills a synchronous Express run: memory in 64 MB steps, duration rounded up to 100 ms. */
const BILLED_MEMORY_MB = 64;
const BILLING_STEP_MS = 100;

export interface SyncExecutionDeps {
  store: Store;
  location: ServiceLocation;
  startExecution(input: StartExecutionInput): StartExecutionOutput;
  waitForExecution(executionArn: string): Promise<DescribeExecutionOutput>;
  uuid(): string;
}

export async function startSyncExecution(deps: SyncExecutionDeps, fields: Fields): Promise<StartSyncExecutionOutput> {
  const machineArn = requiredString(fields, 'stateMachineArn', 256);
  const name = optionalString(fields, 'name');
  const input = optionalString(fields, 'input');
  const traceHeader = optionalString(fields, 'traceHeader', 256);
  const target = parseStateMachineTarget(deps.location, machineArn);
  const machine = target && deps.store.stateMachines.get(target.name);
  if (!machine) throw stateMachineDoesNotExist(machineArn);
  if (machine.type !== 'EXPRESS') {
    throw serviceError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
  }
  const started = deps.startExecution({
    stateMachineArn: machineArn,
    ...(name === undefined ? {} : { name }),
    ...(input === undefined ? {} : { input }),
    ...(traceHeader === undefined ? {} : { traceHeader }),
  });
  const ended = await deps.waitForExecution(started.executionArn!);
  const startDate = ended.startDate!;
  const stopDate = ended.stopDate ?? new Date();
  const elapsed = Math.max(0, stopDate.getTime() - startDate.getTime());
  const [, partition, , region, account, , machineName, executionName] = started.executionArn!.split(':');
  const output: StartSyncExecutionOutput = {
    executionArn: `arn:${partition}:states:${region}:${account}:express:${machineName}:${executionName}:${deps.uuid()}`,
    stateMachineArn: ended.stateMachineArn!,
    name: ended.name!,
    startDate,
    stopDate,
    status: ended.status === 'SUCCEEDED' ? 'SUCCEEDED' : ended.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
    billingDetails: {
      billedMemoryUsedInMB: BILLED_MEMORY_MB,
      billedDurationInMilliseconds: Math.max(1, Math.ceil(elapsed / BILLING_STEP_MS)) * BILLING_STEP_MS,
    },
  };
  if (ended.input !== undefined) {
    output.input = ended.input;
    output.inputDetails = { included: true };
  }
  if (ended.output !== undefined) {
    output.output = ended.output;
    output.outputDetails = { included: true };
  }
  if (ended.error !== undefined) output.error = ended.error;
  if (ended.cause !== undefined) output.cause = ended.cause;
  if (traceHeader !== undefined) output.traceHeader = traceHeader;
  return output;
}
