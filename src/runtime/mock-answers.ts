import type { TokenAnswers } from './mock-config/runner';
import type { TaskTokenOperations } from './task-token-operations';

/**
 * How a mocked `.waitForTaskToken` Task answers its own token: through SendTaskSuccess / SendTaskFailure, as a
 * worker would. An answer the service refuses (the execution ended meanwhile) is logged, not thrown.
 */
export function mockAnswers(tokens: () => TaskTokenOperations, log: (line: string) => void): TokenAnswers {
  const answer = (send: () => void): void => {
    try {
      send();
    } catch (e) {
      log(`mocked task token answer failed: ${String(e)}`);
    }
  };
  return {
    succeed: (taskToken, output) => answer(() => tokens().sendSuccess({ taskToken, output: JSON.stringify(output) })),
    fail: (taskToken, error, cause) => answer(() => tokens().sendFailure({ taskToken, error, cause })),
  };
}
