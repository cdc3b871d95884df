/**
 * The server's own schedule target: the workflow file with the profile's substitutions, deployed into the
 * in-process service (as `cdk deploy` would on AWS), and executions started there directly.
 */
import { readFileSync } from 'node:fs';
import { applySubstitutions, type Substitutions } from '../integrations';
import { isWireError } from '../protocol/wire-error';
import { type LocalStepFunctions, stateMachineArn as arnOf, stateMachineNameFor } from '../runtime';
import type { ScheduleTarget } from './scheduler';

export const SCHEDULER_ROLE_ARN = 'arn:aws:iam::000000000000:role/fanout-scheduler';

/** Deploys a workflow file (with the substitutions) as the state machine named after it; returns its ARN. */
export function deployWorkflow(service: LocalStepFunctions, workflow: string, substitutions: Substitutions): string {
  const name = stateMachineNameFor(workflow);
  const definition = applySubstitutions(readFileSync(workflow, 'utf8'), substitutions);
  try {
    return service.createStateMachine({ name, definition, roleArn: SCHEDULER_ROLE_ARN }).stateMachineArn ?? '';
  } catch (error) {
    if (!isWireError(error) || error.code !== 'StateMachineAlreadyExists') throw error;
  }
  const stateMachineArn = arnOf(service.location, name);
  service.updateStateMachine({ stateMachineArn, definition });
  return stateMachineArn;
}

export function serviceTarget(service: LocalStepFunctions, substitutions: Substitutions): ScheduleTarget {
  return {
    deploy(schedule) {
      return Promise.resolve(deployWorkflow(service, schedule.workflow, substitutions));
    },
    start(stateMachineArn, name, input) {
      return Promise.resolve(service.startExecution({ stateMachineArn, name, input }).executionArn ?? '');
    },
  };
}
