/**
 * The Map Run's child-run port on this runtime: each child goes through the execution host like any execution. A
 * STANDARD child keeps its full history; an EXPRESS child keeps only its row (status, input, output), as AWS keeps
 * no history for it.
 */
import type { ChildOutcome, ChildRunPort } from '../map/child-run-port';
import type { ExecutionHost } from './execution-host';

export function childRunPort(host: ExecutionHost): ChildRunPort {
  return {
    run(spec, child, signal): Promise<ChildOutcome> {
      return host.runChild(
        {
          executionId: child.id,
          executionArn: child.arn,
          name: child.name,
          inputText: child.inputText,
          startDate: child.startDate,
          redriveCount: child.redriveCount,
          machine: {
            arn: spec.stateMachineArn,
            name: spec.stateMachineName,
            roleArn: spec.roleArn,
            definition: spec.definition,
          },
          mode: child.resume === true ? 'resume' : child.redriveCount > 0 ? 'redrive' : 'start',
          history: spec.executionType === 'STANDARD' ? 'kept' : 'none',
        },
        signal,
      );
    },
  };
}
