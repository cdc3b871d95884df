/**
 * JSONPath as AWS's Jayway engine reads it, parsed once into a discriminated union and evaluated many times.
 */
import type { Json } from '../json';

/** Where a path starts: `$` (state input), `$$` (context object) or `$name` (a workflow variable). */
export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export type PathFunctionName = 'length' | 'size' | 'min' | 'max' | 'avg' | 'sum' | 'stddev' | 'first' | 'last' | 'keys';

export type PathSegment =
  /** `.name` or `['name']` */
  | { kind: 'property'; name: string }
  /** `['a','b']`: merged into one object when last, else each in turn */
  | { kind: 'properties'; names: string[] }
  /** `[2]`, `[-1]` */
  | { kind: 'index'; index: number }
  /** `[0,2]` */
  | { kind: 'indexes'; indexes: number[] }
  /** `[*]` or `.*` */
  | { kind: 'wildcard' }
  /** `[start:end:step]`, each bound optional */
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  /** `[?(expression)]` */
  | { kind: 'filter'; expression: FilterExpression }
  /** `..selector`: the selector applied to the node and every descendant */
  | { kind: 'descendant'; selector: PathSegment }
  /** `.length()` and the other Jayway path functions; only last in a path */
  | { kind: 'function'; name: PathFunctionName };

export interface JsonPath {
  /** The text the path was parsed from. */
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly PathSegment[];
  /**
   * True when the path can match at most one node. Indefinite paths (wildcards, slices, filters, recursive
   * descent, index unions, non-final property unions) yield an array of their matches.
   */
  readonly definite: boolean;
}

export type ComparisonOperator =
  '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'in' | 'nin' | 'subsetof' | 'anyof' | 'noneof' | 'size' | 'empty';

export type FilterOperand =
  | { kind: 'literal'; value: Json }
  | { kind: 'regex'; regex: RegExp }
  /** `@...` (relative to the candidate node) or `$...` (from the state input) */
  | { kind: 'path'; relative: boolean; path: JsonPath };

export type FilterExpression =
  | { kind: 'or'; left: FilterExpression; right: FilterExpression }
  | { kind: 'and'; left: FilterExpression; right: FilterExpression }
  | { kind: 'not'; operand: FilterExpression }
  | { kind: 'comparison'; operator: ComparisonOperator; left: FilterOperand; right: FilterOperand }
  /** A bare operand: true when a path matches something, or when a literal is truthy. */
  | { kind: 'exists'; operand: FilterOperand };
