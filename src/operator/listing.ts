/** Whole listings across pages, for the commands that show or search them. */
import {
  ListExecutionsCommand,
  ListStateMachinesCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  type SFNClient,
  type StateMachineListItem,
} from '@aws-sdk/client-sfn';

export async function listStateMachines(client: SFNClient): Promise<StateMachineListItem[]> {
  const all: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListStateMachinesCommand(nextToken === undefined ? {} : { nextToken }));
    all.push(...(page.stateMachines ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return all;
}

export async function findStateMachineArn(client: SFNClient, name: string): Promise<string | undefined> {
  return (await listStateMachines(client)).find((m) => m.name === name)?.stateMachineArn;
}

export async function listExecutions(
  client: SFNClient,
  stateMachineArn: string,
  statusFilter: ExecutionStatus | undefined,
): Promise<ExecutionListItem[]> {
  const all: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({
        stateMachineArn,
        maxResults: 1000,
        ...(statusFilter === undefined ? {} : { statusFilter }),
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    );
    all.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return all;
}
