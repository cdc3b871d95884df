/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]` (spec §4.5): starts the child through
 * the Step Functions API on the local endpoint. `.sync` polls DescribeExecution (a short interval: locally there
 * are no EventBridge events to wait on) and returns the execution with Input/Output as strings; `.sync:2` parses
 * them as JSON. A child that does not succeed fails the task with States.TaskFailed and the execution as the
 * cause. When the parent's task is aborted the child is stopped, best effort, as AWS does.
 */
import {
  DescribeExecutionCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { StatesError, StatesErrorName, type Json, type JsonObject, type TaskRequest } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { CONTENT_TYPES, withSdkMetadata } from '../sdk-response';
import { clientConfig } from './clients';
import { asObject, asText } from './parameters';
import { parameterError, serviceError, type ServiceErrorStyle } from './service-errors';

const SFN_ERRORS: ServiceErrorStyle = {
  prefix: 'StepFunctions',
  service: 'AWSStepFunctions',
  unmodeled: 'StepFunctions.AWSStepFunctionsException',
  isModeled: (e) => e instanceof SFNServiceException && e.constructor !== SFNServiceException,
};

export interface StartExecutionOptions {
  /** How often `.sync` asks DescribeExecution. @default 100 */
  pollIntervalMs?: number;
}

export function statesStartExecutionHandler(options: StartExecutionOptions = {}): IntegrationHandler {
  const interval = options.pollIntervalMs ?? 100;
  return {
    resource: 'states:startExecution',
    patterns: ['request-response', 'sync', 'sync:2', 'waitForTaskToken'],
    async run(request, context) {
      const parameters = asObject(request.parameters);
      if (parameters === undefined) {
        throw parameterError(SFN_ERRORS, 'ValidationException', 'The parameters must be a JSON object.');
      }
      const client = new SFNClient(clientConfig(context));
      try {
        const started = await call(request, () =>
          client.send(
            new StartExecutionCommand({
              stateMachineArn: asText(parameters['StateMachineArn']),
              input: asText(parameters['Input']) ?? '{}',
              ...(parameters['Name'] === undefined ? {} : { name: asText(parameters['Name']) }),
            }),
            { abortSignal: request.signal },
          ),
        );
        const startDate = started.startDate?.getTime() ?? Date.now();
        const submitted = withSdkMetadata(
          { ExecutionArn: started.executionArn ?? '', StartDate: startDate },
          {
            contentType: CONTENT_TYPES.json10,
            rawBody: JSON.stringify({ executionArn: started.executionArn, startDate: startDate / 1000 }),
          },
        );
        if (request.pattern === 'request-response' || request.pattern === 'waitForTaskToken') return submitted;
        request.onSubmitted?.(submitted);
        const execution = await waitForEnd(client, started.executionArn ?? '', request, interval);
        const described = describe(execution, request.pattern === 'sync:2');
        if (execution.status !== 'SUCCEEDED')
          throw new StatesError(StatesErrorName.TaskFailed, JSON.stringify(described));
        return described;
      } finally {
        client.destroy();
      }
    },
  };
}

async function call<T>(request: TaskRequest, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    throw serviceError(error, SFN_ERRORS);
  }
}

async function waitForEnd(
  client: SFNClient,
  executionArn: string,
  request: TaskRequest,
  interval: number,
): Promise<DescribeExecutionCommandOutput> {
  try {
    for (;;) {
      const execution = await call(request, () => client.send(new DescribeExecutionCommand({ executionArn })));
      if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') return execution;
      await sleep(interval, request.signal);
    }
  } catch (error) {
    if (request.signal.aborted) {
      // The parent state ended (timeout, stop, failed sibling): stop the child too, as AWS does, then give up.
      await client.send(new StopExecutionCommand({ executionArn })).catch(() => undefined);
      throw request.signal.reason;
    }
    throw error;
  }
}

/** DescribeExecution as the `.sync` result: PascalCase, dates in epoch ms, Input/Output as text or JSON. */
function describe(execution: DescribeExecutionCommandOutput, parse: boolean): JsonObject {
  const payload = (text: string | undefined): Json => {
    if (!parse || text === undefined) return text ?? null;
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  };
  const out: JsonObject = {};
  // A child that ran out of its TimeoutSeconds names no error itself; the parent's cause says States.Timeout.
  if (execution.error !== undefined) out['Error'] = execution.error;
  else if (execution.status === 'TIMED_OUT') out['Error'] = 'States.Timeout';
  if (execution.cause !== undefined) out['Cause'] = execution.cause;
  out['ExecutionArn'] = execution.executionArn ?? '';
  out['Input'] = payload(execution.input);
  out['InputDetails'] = { Included: execution.inputDetails?.included ?? true };
  out['Name'] = execution.name ?? '';
  if (execution.output !== undefined) {
    out['Output'] = payload(execution.output);
    out['OutputDetails'] = { Included: execution.outputDetails?.included ?? true };
  }
  if (execution.startDate !== undefined) out['StartDate'] = execution.startDate.getTime();
  out['StateMachineArn'] = execution.stateMachineArn ?? '';
  out['Status'] = execution.status ?? 'FAILED';
  if (execution.stopDate !== undefined) out['StopDate'] = execution.stopDate.getTime();
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
