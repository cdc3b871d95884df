import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProfile, loadProfile, machineCapacity } from '../../../src/integrations/profile';

const EXAMPLE = {
  substitutions: { OcrTaskDefinition: 'ocr', DlqUrl: 'http://127.0.0.1:8083/000000000000/fanout-dlq', Size: 5 },
  taskDefinitions: {
    ocr: {
      cpu: 1024,
      memory: 2048,
      stopTimeout: 120,
      containers: { ocr: { command: ['node', 'tasks/ocr/dist/main.js'], environment: { K: 'V' } } },
    },
  },
  jobDefinitions: { etl: { vcpus: 1, memory: 2048, command: ['node', 'tasks/etl/dist/main.js'] } },
  capacity: { cpu: 2048, memory: 16384 },
};

function errorsOf(raw: unknown): string {
  try {
    compileProfile(raw, 'fanout.local.json', '/project');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the profile to be rejected');
}

describe('the local profile', () => {
  it('compiles the documented example', () => {
    const profile = compileProfile(EXAMPLE, '/project/fanout.local.json', '/project');
    expect(profile.root).toBe('/project');
    expect(profile.substitutions).toEqual({
      OcrTaskDefinition: 'ocr',
      DlqUrl: 'http://127.0.0.1:8083/000000000000/fanout-dlq',
      Size: '5',
    });
    expect(profile.taskDefinitions.get('ocr')).toEqual({
      family: 'ocr',
      cpu: 1024,
      memory: 2048,
      stopTimeout: 120,
      containers: [
        {
          name: 'ocr',
          entryPoint: [],
          command: ['node', 'tasks/ocr/dist/main.js'],
          environment: { K: 'V' },
          essential: true,
        },
      ],
    });
    expect(profile.jobDefinitions.get('etl')).toMatchObject({
      vcpus: 1,
      memory: 2048,
      stopTimeout: 30,
      parameters: {},
    });
    expect(profile.capacity).toEqual({ cpu: 2048, memory: 16384 });
  });

  it('defaults the capacity to the machine', () => {
    const capacity = machineCapacity();
    expect(capacity.cpu % 1024).toBe(0);
    expect(capacity.cpu).toBeGreaterThanOrEqual(1024);
    expect(compileProfile({}, undefined, '/').capacity).toEqual(capacity);
  });

  it('names every bad field', () => {
    const message = errorsOf({
      capcity: {},
      substitutions: { A: ['x'] },
      taskDefinitions: {
        ocr: { cpu: -1, stopTimeout: 500, containers: { main: { command: 'node main.js', environment: { N: 1 } } } },
        none: { containers: {} },
        big: { cpu: 4096, containers: { main: { command: ['x'] } } },
      },
      jobDefinitions: { 'bad name!': { command: [] } },
      capacity: { cpu: 2048 },
    });
    expect(message).toContain('fanout.local.json is not a valid profile:');
    expect(message).toContain('capcity: unknown field');
    expect(message).toContain('substitutions.A: must be a string, number or boolean');
    expect(message).toContain('taskDefinitions.ocr.cpu: must be a positive integer, got -1');
    expect(message).toContain('taskDefinitions.ocr.stopTimeout: must be a whole number of seconds from 1 to 120');
    expect(message).toContain('taskDefinitions.ocr.containers.main.command: must be a non-empty array of strings');
    expect(message).toContain('taskDefinitions.ocr.containers.main.environment.N: must be a string, got 1');
    expect(message).toContain('taskDefinitions.none.containers: must name a container');
    expect(message).toContain('taskDefinitions.big: needs 4096 CPU units but the capacity has 2048');
    expect(message).toContain('jobDefinitions.bad name!: a job definition name has');
    expect(message).toContain('jobDefinitions.bad name!.command: must be a non-empty array');
  });

  it('accepts an entryPoint with an empty command, and rejects a task with no essential container', () => {
    const profile = compileProfile(
      { taskDefinitions: { t: { containers: { a: { entryPoint: ['node', 'a.js'], command: [] } } } } },
      undefined,
      '/',
    );
    expect(profile.taskDefinitions.get('t')?.containers[0]?.entryPoint).toEqual(['node', 'a.js']);
    expect(errorsOf({ taskDefinitions: { t: { containers: { a: { command: ['x'], essential: false } } } } })).toContain(
      'taskDefinitions.t.containers: at least one container must be essential',
    );
  });

  describe('loadProfile', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'fanout-profile-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads fanout.local.json from the directory by default, rooted there', () => {
      writeFileSync(join(dir, 'fanout.local.json'), JSON.stringify(EXAMPLE));
      const profile = loadProfile(undefined, dir);
      expect(profile.path).toBe(join(dir, 'fanout.local.json'));
      expect(profile.root).toBe(dir);
    });

    it('is empty when there is no default file, and an error when a named file is missing or not JSON', () => {
      const empty = mkdtempSync(join(dir, 'empty-'));
      expect(loadProfile(undefined, empty).taskDefinitions.size).toBe(0);
      expect(() => loadProfile('nope.json', empty)).toThrow(/cannot read the profile .*nope\.json: ENOENT/);
      writeFileSync(join(empty, 'bad.json'), '{ nope');
      expect(() => loadProfile('bad.json', empty)).toThrow(/bad\.json is not valid JSON/);
    });
  });

  it("takes a function's aliases as alias → $LATEST or a version number, and names a bad one", () => {
    const fn = (aliases: unknown): unknown => ({
      functions: { prepare: { runtime: 'nodejs22.x', handler: 'index.handler', code: '.', aliases } },
    });
    const root = join(__dirname, '..', '..', '..');
    expect(
      compileProfile(fn({ live: '$LATEST', stable: '3' }), undefined, root).functions.get('prepare')?.aliases,
    ).toEqual({
      live: '$LATEST',
      stable: '3',
    });
    const errors = errorsOf(fn({ '12': '$LATEST', live: 'v2', old: 3 }));
    expect(errors).toContain('functions.prepare.aliases.12: an alias name has up to 128 letters');
    expect(errors).toContain('functions.prepare.aliases.live: must be "$LATEST" or a version number ("1"), got "v2"');
    expect(errors).toContain('functions.prepare.aliases.old: must be "$LATEST" or a version number ("1"), got 3');
  });
});
