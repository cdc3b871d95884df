import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWireError } from '../../../../src/protocol/wire-error';
import { FunctionVersions } from '../../../../src/integrations/lambda/function-versions';
import { FunctionVersionTables } from '../../../../src/integrations/lambda/version-tables';
import { inMemoryVersionStore, type FunctionVersionStore } from '../../../../src/integrations/lambda/versions';
import type { FunctionDefinition } from '../../../../src/integrations/profile';
import { openDatabase } from '../../../../src/store/database';
import { SCHEMA_MIGRATIONS } from '../../../../src/api/schema';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

describe('Lambda versions and aliases', () => {
  let dir: string;
  let code: string;
  let definition: FunctionDefinition;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-versions-'));
    code = join(dir, 'code');
    mkdirSync(code);
    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => 1;');
    definition = {
      name: 'prepare',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code,
      environment: { STAGE: 'one' },
      timeout: 3,
      memorySize: 128,
      reservedConcurrency: undefined,
      aliases: {},
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function versionsOver(store: FunctionVersionStore, random = () => 0.5, def = definition): FunctionVersions {
    return new FunctionVersions(
      new Map([[def.name, def]]),
      () => store,
      () => join(dir, 'data', 'lambda'),
      (name) => `${ARN}:${name}`,
      undefined,
      random,
    );
  }

  function failure(run: () => unknown): { code: string; status: number; message: string } {
    try {
      run();
    } catch (e) {
      if (isWireError(e)) return { code: e.code, status: e.status, message: e.message };
      throw e;
    }
    throw new Error('expected a WireError');
  }

  it('freezes code and configuration at publish; numbers 1, 2, …; an unchanged function publishes nothing new', () => {
    const versions = versionsOver(inMemoryVersionStore());
    const first = versions.publish('prepare', { description: 'first' });
    expect(first).toMatchObject({ version: '1', description: 'first', codeSha256: expect.any(String) });
    expect(versions.publish('prepare', {}).version).toBe('1');

    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => 2;');
    const second = versions.publish('prepare', {});
    expect(second.version).toBe('2');
    expect(second.codeSha256).not.toBe(first.codeSha256);
    expect(versions.describe('prepare', '$LATEST').codeSha256).toBe(second.codeSha256);

    // Version 1 runs its own copy of the code as it was.
    const one = versions.resolve('prepare', '1');
    expect(one.version).toBe('1');
    expect(readFileSync(join(one.definition.code, 'index.js'), 'utf8')).toContain('=> 1');
    expect(versions.resolve('prepare', undefined)).toEqual({ version: '$LATEST', definition });

    // A configuration change alone is a new version too, with the configuration of its moment.
    const changed = { ...definition, environment: { STAGE: 'two' }, timeout: 10 };
    const store = inMemoryVersionStore();
    const again = versionsOver(store, undefined, definition);
    again.publish('prepare', {});
    const later = versionsOver(store, undefined, changed);
    expect(later.publish('prepare', {}).version).toBe('2');
    expect(later.resolve('prepare', '1').definition).toMatchObject({ environment: { STAGE: 'one' }, timeout: 3 });
    expect(later.resolve('prepare', '2').definition).toMatchObject({ environment: { STAGE: 'two' }, timeout: 10 });
  });

  it('refuses a publish whose CodeSha256 or RevisionId is not the current one', () => {
    const versions = versionsOver(inMemoryVersionStore());
    expect(failure(() => versions.publish('prepare', { codeSha256: 'stale' }))).toMatchObject({
      code: 'InvalidParameterValueException',
      message: expect.stringContaining('CodeSHA256 (stale) is different from current CodeSHA256 in $LATEST'),
    });
    expect(failure(() => versions.publish('prepare', { revisionId: 'old' })).code).toBe('PreconditionFailedException');
    const latest = versions.describe('prepare', undefined);
    expect(versions.publish('prepare', { codeSha256: latest.codeSha256, revisionId: latest.revisionId }).version).toBe(
      '1',
    );
  });

  it('resolves an alias to its version, drawing its routing weight', () => {
    let draw = 0.5;
    const versions = versionsOver(inMemoryVersionStore(), () => draw);
    versions.publish('prepare', {});
    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => 2;');
    versions.publish('prepare', {});
    const live = versions.createAlias('prepare', 'live', { functionVersion: '1', routing: { '2': 0.25 } });
    expect(live).toMatchObject({ name: 'live', functionVersion: '1', routing: { '2': 0.25 }, description: '' });
    expect(versions.resolve('prepare', 'live').version).toBe('1');
    draw = 0.1;
    expect(versions.resolve('prepare', 'live').version).toBe('2');

    const updated = versions.updateAlias('prepare', 'live', { functionVersion: '2', routing: {} });
    expect(updated.routing).toBeUndefined();
    expect(updated.revisionId).not.toBe(live.revisionId);
    expect(versions.resolve('prepare', 'live').version).toBe('2');
    expect(versions.getAlias('prepare', 'live').functionVersion).toBe('2');
    versions.createAlias('prepare', 'dev', { functionVersion: '$LATEST' });
    expect(versions.aliases('prepare').map((a) => a.name)).toEqual(['dev', 'live']);
    expect(versions.aliases('prepare', '2').map((a) => a.name)).toEqual(['live']);
    versions.deleteAlias('prepare', 'dev');
    expect(failure(() => versions.getAlias('prepare', 'dev'))).toEqual({
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Alias not found: ${ARN}:prepare:dev`,
    });
  });

  it('answers the errors Lambda gives', () => {
    const versions = versionsOver(inMemoryVersionStore());
    expect(failure(() => versions.resolve('prepare', '7'))).toEqual({
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${ARN}:prepare:7`,
    });
    expect(failure(() => versions.resolve('prepare', 'live')).message).toBe(`Function not found: ${ARN}:prepare:live`);
    expect(failure(() => versions.resolve('other', 'live')).message).toBe(`Function not found: ${ARN}:other:live`);
    expect(failure(() => versions.createAlias('prepare', 'live', { functionVersion: '1' })).message).toBe(
      `Function not found: ${ARN}:prepare:1`,
    );
    versions.publish('prepare', {});
    versions.createAlias('prepare', 'live', { functionVersion: '1' });
    expect(failure(() => versions.createAlias('prepare', 'live', { functionVersion: '1' }))).toEqual({
      code: 'ResourceConflictException',
      status: 409,
      message: `Alias already exists: ${ARN}:prepare:live`,
    });
    expect(failure(() => versions.createAlias('prepare', '123', { functionVersion: '1' })).code).toBe(
      'ValidationException',
    );
    expect(failure(() => versions.createAlias('prepare', 'bad name', { functionVersion: '1' })).message).toContain(
      "Value 'bad name' at 'name' failed to satisfy constraint",
    );
    expect(
      failure(() => versions.createAlias('prepare', 'mixed', { functionVersion: '$LATEST', routing: { '1': 0.5 } }))
        .code,
    ).toBe('InvalidParameterValueException');
    expect(
      failure(() => versions.createAlias('prepare', 'w', { functionVersion: '1', routing: { '1': 2 } })).code,
    ).toBe('ValidationException');
    expect(failure(() => versions.deleteVersion('prepare', '1'))).toMatchObject({
      code: 'ResourceConflictException',
      message: 'Unable to delete version because the following aliases reference it: [live]',
    });
    expect(failure(() => versions.deleteVersion('prepare', '$LATEST')).code).toBe('InvalidParameterValueException');
    expect(failure(() => versions.updateAlias('prepare', 'live', { revisionId: 'old' })).code).toBe(
      'PreconditionFailedException',
    );
  });

  it('never hands out a deleted version number again, and removes its code copy', () => {
    const versions = versionsOver(inMemoryVersionStore());
    versions.publish('prepare', {});
    const folder = versions.versionFolder('prepare', 1);
    expect(existsSync(folder)).toBe(true);
    versions.deleteVersion('prepare', '1');
    expect(existsSync(folder)).toBe(false);
    expect(versions.list('prepare').map((v) => v.version)).toEqual(['$LATEST']);
    expect(versions.publish('prepare', {}).version).toBe('2');
  });

  it('creates the aliases the profile declares, unless one of that name exists', () => {
    const declared = { ...definition, aliases: { live: '$LATEST', old: '4' } };
    const lines: string[] = [];
    const versions = new FunctionVersions(
      new Map([['prepare', declared]]),
      () => store,
      () => join(dir, 'data', 'lambda'),
      (name) => `${ARN}:${name}`,
      (line) => lines.push(line),
    );
    const store = inMemoryVersionStore();
    expect(versions.resolve('prepare', 'live').version).toBe('$LATEST');
    expect(versions.aliases('prepare').map((a) => a.name)).toEqual(['live']);
    expect(lines.join('\n')).toContain('alias old names version 4, which is not published');
  });

  it('keeps versions, counters and aliases in SQLite across a reopen', () => {
    const file = join(dir, 'fanout.db');
    let db = openDatabase(file, SCHEMA_MIGRATIONS);
    const first = versionsOver(new FunctionVersionTables(db));
    first.publish('prepare', { description: 'kept' });
    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => 2;');
    first.publish('prepare', {});
    first.createAlias('prepare', 'live', { functionVersion: '1', description: 'prod' });
    first.deleteVersion('prepare', '2');
    db.close();

    db = openDatabase(file, SCHEMA_MIGRATIONS);
    const reopened = versionsOver(new FunctionVersionTables(db));
    expect(reopened.list('prepare').map((v) => [v.version, v.description])).toEqual([
      ['$LATEST', ''],
      ['1', 'kept'],
    ]);
    expect(reopened.getAlias('prepare', 'live')).toMatchObject({ functionVersion: '1', description: 'prod' });
    expect(readFileSync(join(reopened.resolve('prepare', '1').definition.code, 'index.js'), 'utf8')).toContain('=> 1');
    expect(reopened.publish('prepare', {}).version).toBe('3');
    db.close();
  });
});
