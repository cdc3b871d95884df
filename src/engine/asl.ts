/**
 * The Amazon States Language as JSON, field names exactly as ASL spells them. These are the raw shapes a
 * definition arrives in; validation (src/engine/validation) decides whether a definition is acceptable.
 */
import type { Json, JsonObject } from './json';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, StateDefinition>;
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: QueryLanguage;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: Json;
  Assign?: JsonObject;
  Comment?: string;
}

/** Fields every state may carry; which ones apply depends on Type and QueryLanguage. */
export interface StateDefinition {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Next?: string;
  End?: boolean;
  // JSONPath input/output processing
  InputPath?: string | null;
  OutputPath?: string | null;
  Parameters?: Json;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
  // JSONata input/output processing
  Arguments?: Json;
  Output?: Json;
  // Variables
  Assign?: JsonObject;
  // Pass
  Result?: Json;
  // Task
  Resource?: string;
  Credentials?: Json;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  // Choice
  Choices?: ChoiceRule[];
  Default?: string;
  // Wait
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  // Fail
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
  // Parallel
  Branches?: StateMachineDefinition[];
  // Map
  Items?: Json;
  ItemsPath?: string;
  ItemSelector?: JsonObject;
  ItemProcessor?: ItemProcessor;
  /** Legacy Map field: the same as ItemProcessor (AWS honours a ProcessorConfig in it too). */
  Iterator?: ItemProcessor;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  ItemReader?: JsonObject;
  ItemBatcher?: JsonObject;
  ResultWriter?: JsonObject;
  Label?: string;
}

export interface ItemProcessor extends StateMachineDefinition {
  ProcessorConfig?: { Mode?: 'INLINE' | 'DISTRIBUTED'; ExecutionType?: 'STANDARD' | 'EXPRESS' };
}

/**
 * A Choice rule. JSONPath rules use Variable plus one comparison operator (or And/Or/Not); JSONata rules use
 * Condition. Top-level rules carry Next; any rule may carry Assign (top level) / Output (JSONata).
 */
export interface ChoiceRule {
  Next?: string;
  Condition?: Json;
  Assign?: JsonObject;
  Output?: Json;
  Comment?: string;
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  [operator: string]: Json | ChoiceRule | ChoiceRule[] | undefined;
}
