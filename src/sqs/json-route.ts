/**
 * SQS over AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<Op>`), as @aws-sdk/client-sqs and botocore ≥ 1.31 send it.
 * SQS is "awsQueryCompatible": errors also carry `x-amzn-query-error: <query code>;Sender`, from which the SDKs
 * fill in the error's `Code` as the query protocol used to.
 */
import { awsJsonRoute } from '../protocol/aws-json';
import type { Route } from '../protocol/http';
import { queryCodeOf } from './errors';
import { baseUrlOf, sqsOperations } from './operations';
import type { LocalSqs } from './service';

export function sqsJsonRoute(service: LocalSqs, log?: (line: string) => void): Route {
  const operations = sqsOperations(service);
  return async (request) => {
    const context = { ...(baseUrlOf(request.headers) === undefined ? {} : { baseUrl: baseUrlOf(request.headers)! }) };
    const route = awsJsonRoute({
      targetPrefix: 'AmazonSQS',
      namespace: 'com.amazonaws.sqs',
      operations: Object.fromEntries(
        Object.entries(operations).map(([name, run]) => [
          name,
          (input: Record<string, unknown>) => run(input, context),
        ]),
      ),
      ...(log ? { log } : {}),
    });
    const response = await route(request);
    const code = response?.headers['x-amzn-errortype'];
    if (response && code !== undefined) {
      const fault = response.status >= 500 ? 'Receiver' : 'Sender';
      response.headers['x-amzn-query-error'] = `${queryCodeOf(code)};${fault}`;
    }
    return response;
  };
}
