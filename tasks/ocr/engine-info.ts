/** Engine and model provenance for each output: which tesseract.js, which core, which traineddata bytes. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelFiles } from './models';

export interface EngineInfo {
  name: 'tesseract.js';
  version: string;
  coreVersion: string;
  oem: 'LSTM_ONLY';
  psm: 3;
  model: { name: 'fast' | 'best_int'; files: ModelFiles['files'] };
}

export function engineInfo(model: ModelFiles): EngineInfo {
  return {
    name: 'tesseract.js',
    version: packageVersion('tesseract.js'),
    coreVersion: packageVersion('tesseract.js-core'),
    oem: 'LSTM_ONLY',
    psm: 3,
    model: { name: model.model === 'best' ? 'best_int' : 'fast', files: model.files },
  };
}

function packageVersion(name: string): string {
  try {
    // The package's main file, then up to its package.json (package.json itself may not be exported).
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      try {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (json.name === name && json.version) return json.version;
      } catch {
        // not here; one level up
      }
    }
  } catch {
    // not resolvable from here
  }
  return 'unknown';
}
