/** Creating or updating the state machine a workflow file stands for, so `fanout run` can be repeated after edits. */
import { CreateStateMachineCommand, UpdateStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { findStateMachineArn } from '../../../operator';
import type { Workflow } from '../../workflow';

/** Local endpoints accept any role; on AWS this would be the execution role. */
export const LOCAL_ROLE_ARN = 'arn:aws:iam::000000000000:role/fanout-local';

export async function deployWorkflow(client: SFNClient, workflow: Workflow): Promise<string> {
  try {
    const created = await client.send(
      new CreateStateMachineCommand({ name: workflow.name, definition: workflow.definition, roleArn: LOCAL_ROLE_ARN }),
    );
    if (created.stateMachineArn !== undefined) return created.stateMachineArn;
  } catch (error) {
    // Same name, another definition: the file was edited since the last run.
    if ((error as { name?: unknown } | null)?.name !== 'StateMachineAlreadyExists') throw error;
  }
  const arn = await findStateMachineArn(client, workflow.name);
  if (arn === undefined) throw new Error(`state machine '${workflow.name}' exists but is not listed`);
  await client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: workflow.definition }));
  return arn;
}
