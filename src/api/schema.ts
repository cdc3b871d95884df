import { EVENTS_MIGRATIONS } from '../events';
import { SNS_MIGRATIONS } from '../sns';
import { SQS_MIGRATIONS } from '../sqs';
import { composeMigrations } from '../store/migrations';
import type { OpenStoreOptions } from '../store/store';

/** The schema parts of the services above the store, in the order their SQL runs within one schema version. */
export const MODULE_SCHEMAS: OpenStoreOptions['modules'] = [SQS_MIGRATIONS, SNS_MIGRATIONS, EVENTS_MIGRATIONS];

/** Every migration of a data directory's database, in order: its length is the newest schema version. */
export const SCHEMA_MIGRATIONS: readonly string[] = composeMigrations(MODULE_SCHEMAS, true);
