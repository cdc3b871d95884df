import type { StateMachineDefinition } from '../engine';
import type { StateMachineType } from '../store/state-machines';
import type { EngineBinding } from './engine-binding';
import { invalidDefinition } from './errors';
import { jsonDepthExcess } from './json-depth';

/** Parsed definitions kept at most: executions of one version share one parse. */
const CACHE_SIZE = 256;

/** State machine definitions: checked on the way in, parsed once per version on the way to the engine. */
export class StateMachineDefinitions {
  private readonly parsedByVersion = new Map<number, StateMachineDefinition>();

  constructor(private readonly engine: EngineBinding) {}

  /** Throws InvalidDefinition with the message AWS gives for the first problem found. */
  check(definition: string, type: StateMachineType): void {
    const tooDeep = jsonDepthExcess(definition);
    if (tooDeep !== undefined) {
      const at = tooDeep.path.length === 0 ? '/' : `/${tooDeep.path.join('/')}`;
      throw invalidDefinition(
        `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${tooDeep.message} at ${at}'`,
      );
    }
    const result = this.engine.validateDefinition(definition, { type });
    if (result.result !== 'OK') throw invalidDefinition(this.engine.invalidDefinitionMessage(result));
  }

  parsed(versionId: number, text: string): StateMachineDefinition {
    let definition = this.parsedByVersion.get(versionId);
    if (!definition) {
      definition = JSON.parse(text) as StateMachineDefinition;
      if (this.parsedByVersion.size >= CACHE_SIZE) {
        const oldest = this.parsedByVersion.keys().next();
        if (!oldest.done) this.parsedByVersion.delete(oldest.value);
      }
      this.parsedByVersion.set(versionId, definition);
    }
    return definition;
  }

  /** Drops the parses of versions that no longer exist (their machine was purged). */
  forgetUnless(exists: (versionId: number) => boolean): void {
    for (const versionId of [...this.parsedByVersion.keys()]) {
      if (!exists(versionId)) this.parsedByVersion.delete(versionId);
    }
  }
}
