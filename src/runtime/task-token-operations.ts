/** The callback operations of the Step Functions API: SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. */
import type { SendTaskFailureInput, SendTaskHeartbeatInput, SendTaskSuccessInput } from '@aws-sdk/client-sfn';
import type { Json } from '../engine';
import { serviceError } from './errors';
import { MAX_PAYLOAD_BYTES } from './execution-input';
import { describeJsonError } from './json-input';
import { jsonDepthExcess } from './json-depth';
import { optionalString, requiredString, type Request } from './requests';
import type { LocalTaskTokens } from './task-tokens';

const MAX_TOKEN_LENGTH = 2048;

export class TaskTokenOperations {
  constructor(private readonly tokens: LocalTaskTokens) {}

  sendSuccess(input: Request<SendTaskSuccessInput>): Record<string, never> {
    const token = requiredString(input, 'taskToken', MAX_TOKEN_LENGTH);
    const outputText = requiredString(input, 'output', MAX_PAYLOAD_BYTES);
    const tooDeep = jsonDepthExcess(outputText);
    if (tooDeep !== undefined) throw serviceError('InvalidOutput', `Invalid Output: '${tooDeep.message}'`);
    let output: Json;
    try {
      output = JSON.parse(outputText) as Json;
    } catch (error) {
      throw serviceError('InvalidOutput', `Invalid Output: '${describeJsonError(outputText, error)}'`);
    }
    this.tokens.sendSuccess(token, output);
    return {};
  }

  sendFailure(input: Request<SendTaskFailureInput>): Record<string, never> {
    const token = requiredString(input, 'taskToken', MAX_TOKEN_LENGTH);
    const error = optionalString(input, 'error', 256);
    const cause = optionalString(input, 'cause', 32768);
    this.tokens.sendFailure(token, error, cause);
    return {};
  }

  sendHeartbeat(input: Request<SendTaskHeartbeatInput>): Record<string, never> {
    this.tokens.sendHeartbeat(requiredString(input, 'taskToken', MAX_TOKEN_LENGTH));
    return {};
  }
}
