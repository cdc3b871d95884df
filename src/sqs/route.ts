/** SQS on the shared endpoint: the JSON protocol, then the query protocol for older clients. */
import type { Route } from '../protocol/http';
import { sqsJsonRoute } from './json-route';
import { sqsQueryRoute } from './query-route';
import type { LocalSqs } from './service';

export function sqsRoute(service: LocalSqs, log?: (line: string) => void): Route {
  const json = sqsJsonRoute(service, log);
  const query = sqsQueryRoute(service, log);
  return async (request) => (await json(request)) ?? (await query(request));
}
