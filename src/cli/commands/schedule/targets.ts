/** Schedules fired from the CLI (run-missed) go through the SDK, to an endpoint or an in-process server alike. */
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Substitutions } from '../../../integrations';
import type { ScheduleTarget } from '../../../schedules';
import { loadWorkflow } from '../../workflow';
import { deployWorkflow } from '../run/state-machine';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:8083';

export function sdkTarget(client: SFNClient, substitutions: Substitutions): ScheduleTarget {
  return {
    async deploy(schedule) {
      const workflow = loadWorkflow(schedule.workflow, substitutions);
      if (workflow.unresolved.length > 0) {
        throw new Error(`no value for \${${workflow.unresolved.join('}, ${')}} in the profile's substitutions`);
      }
      return deployWorkflow(client, workflow);
    },
    async start(stateMachineArn, name, input) {
      const started = await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
      return started.executionArn ?? '';
    },
  };
}

/** The profile's URLs are written for the default endpoint; point them at the one in use. */
export function forEndpoint(substitutions: Substitutions, endpoint: string): Substitutions {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(substitutions)) {
    out[name] = value.startsWith(`${DEFAULT_ENDPOINT}/`) ? endpoint + value.slice(DEFAULT_ENDPOINT.length) : value;
  }
  return out;
}
