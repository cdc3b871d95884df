/** Follows an execution's history as it grows, the way a client of the real service would: by polling. */
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { sleep } from '../../sleep';

const PAGE_SIZE = 1000;
const TERMINAL = new Set<string>(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

export interface FollowOptions {
  /** @default 100 */
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Calls `onEvent` for each new event, in order, until the execution's terminal event has been seen. */
export async function followHistory(
  client: SFNClient,
  executionArn: string,
  onEvent: (event: HistoryEvent) => void,
  options: FollowOptions = {},
): Promise<void> {
  // Histories only grow, so a full page never changes: each poll resumes after the last full page seen.
  let resumeToken: string | undefined;
  let lastId = 0;
  for (;;) {
    let token = resumeToken;
    let finished = false;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: PAGE_SIZE, nextToken: token }),
        options.signal === undefined ? {} : { abortSignal: options.signal },
      );
      const events = page.events ?? [];
      for (const event of events) {
        if (event.id === undefined || event.id <= lastId) continue;
        lastId = event.id;
        onEvent(event);
        if (event.type !== undefined && TERMINAL.has(event.type)) finished = true;
      }
      if (events.length === PAGE_SIZE && page.nextToken !== undefined) resumeToken = page.nextToken;
      token = page.nextToken;
    } while (token !== undefined);
    if (finished) return;
    await sleep(options.intervalMs ?? 100, options.signal);
  }
}
