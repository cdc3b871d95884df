/**
 * Workflow variables (`Assign`). A Parallel branch or Map iteration reads the variables of the scopes around it
 * but assigns into its own; its variables vanish when it ends. Distributed Map children start a fresh root scope.
 */
import type { Json } from './json';

export class VariableScope implements ReadonlyMap<string, Json> {
  private readonly own = new Map<string, Json>();

  constructor(private readonly parent?: VariableScope) {}

  /** A nested scope for a branch or iteration. */
  child(): VariableScope {
    return new VariableScope(this);
  }

  get(name: string): Json | undefined {
    // Hot path: most lookups hit the own scope, so avoid building the flattened view.
    if (this.own.has(name)) return this.own.get(name);
    return this.parent?.get(name);
  }

  has(name: string): boolean {
    return this.own.has(name) || (this.parent?.has(name) ?? false);
  }

  /** Makes new values visible; callers apply a state's whole Assign block at once, after evaluating it. */
  assign(values: ReadonlyMap<string, Json>): void {
    for (const [k, v] of values) this.own.set(k, v);
  }

  get size(): number {
    return this.flatten().size;
  }

  entries(): MapIterator<[string, Json]> {
    return this.flatten().entries();
  }

  keys(): MapIterator<string> {
    return this.flatten().keys();
  }

  values(): MapIterator<Json> {
    return this.flatten().values();
  }

  forEach(callback: (value: Json, key: string, map: ReadonlyMap<string, Json>) => void): void {
    for (const [k, v] of this.flatten()) callback(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, Json]> {
    return this.entries();
  }

  /** All visible variables, inner scopes shadowing outer ones. */
  private flatten(): Map<string, Json> {
    const result = this.parent ? this.parent.flatten() : new Map<string, Json>();
    for (const [k, v] of this.own) result.set(k, v);
    return result;
  }
}
