import { randomUUID } from 'node:crypto';
import type { IntrinsicFunction } from './types';

export const statesUuid: IntrinsicFunction = (_args, _call, scope) => (scope.uuid ?? randomUUID)();
