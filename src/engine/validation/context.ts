import type { QueryLanguage } from '../asl';
import type { Diagnostics } from './diagnostics';
import type { ResourceCatalog } from './resource';
import type { JsonObject } from './values';

/** What the whole run shares while walking one definition. */
export interface DefinitionContext {
  readonly diagnostics: Diagnostics;
  readonly machineType: 'STANDARD' | 'EXPRESS';
  /** The top-level QueryLanguage; a state without its own inherits this, also inside Parallel and Map. */
  readonly topLanguage: QueryLanguage;
  /** Every state name seen so far with its location: names are unique across nested scopes. */
  readonly stateNames: Map<string, string>;
  readonly labels: Set<string>;
  /** The AWS SDK integrations' services and actions; without it any `aws-sdk:<service>:<action>` passes. */
  readonly resources?: ResourceCatalog;
}

/** One state being checked. */
export interface StateContext {
  readonly definition: DefinitionContext;
  readonly name: string;
  readonly state: JsonObject;
  readonly location: string;
  readonly language: QueryLanguage;
}
