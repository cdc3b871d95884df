/**
 * Lambda versions and aliases end to end: the AWS CLI publishes a version and creates an alias on the endpoint,
 * the code is edited, and `$LATEST`, version 1 and the alias answer with their own code and ExecutedVersion; Task
 * states reach the alias every way a workflow can name it; a restarted server still runs version 1's code.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsCli } from '../support/aws-cli';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

function writeCode(dir: string, edition: number): void {
  writeFileSync(
    join(dir, 'code', 'index.js'),
    `exports.handler = async (event, context) => ({
  edition: ${edition},
  event,
  version: context.functionVersion,
  invokedFunctionArn: context.invokedFunctionArn,
  environmentVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
});
`,
  );
}

describe('Lambda versions and aliases', () => {
  let endpoint: TestEndpoint;
  let dir: string;

  beforeAll(async () => {
    endpoint = await startEndpoint({
      name: 'lambda-versions',
      dataDir: 'data',
      setUp: (folder) => {
        mkdirSync(join(folder, 'code'));
        writeCode(folder, 1);
        const profile = join(folder, 'profile.json');
        writeFileSync(
          profile,
          JSON.stringify({
            functions: {
              pick: { runtime: 'nodejs22.x', handler: 'index.handler', code: 'code', aliases: { dev: '$LATEST' } },
            },
          }),
        );
        return { profile };
      },
    });
    dir = endpoint.dir;
  });
  afterAll(() => endpoint.stop());

  const cli = (...args: string[]): Promise<Record<string, unknown>> => awsCli(endpoint.url, ['lambda', ...args]);

  /** The same REST API without the CLI's start-up time, for the calls around the ones under test. */
  async function rest(
    method: string,
    path: string,
    body?: object,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${endpoint.url}/2015-03-31/functions/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  async function invoke(functionName: string, ...more: string[]): Promise<{ answer: object; payload: object }> {
    const out = join(dir, `out-${functionName.replace(/[^\w]/g, '_')}-${more.join('_')}.json`);
    const answer = await cli('invoke', '--function-name', functionName, ...more, out);
    return { answer, payload: JSON.parse(readFileSync(out, 'utf8')) as object };
  }

  it('publishes version 1, keeps its code when the code is edited, and routes an alias to it', async () => {
    const published = await cli('publish-version', '--function-name', 'pick', '--description', 'first');
    expect(published).toMatchObject({
      FunctionName: 'pick',
      FunctionArn: expect.stringMatching(/^arn:aws:lambda:us-east-1:\d{12}:function:pick:1$/),
      Version: '1',
      Description: 'first',
      Runtime: 'nodejs22.x',
      CodeSha256: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });
    // Nothing changed: the same version, not a new one.
    expect(await rest('POST', 'pick/versions')).toMatchObject({ status: 201, json: { Version: '1' } });
    const alias = await cli('create-alias', '--function-name', 'pick', '--name', 'live', '--function-version', '1');
    expect(alias).toMatchObject({
      AliasArn: expect.stringMatching(/:function:pick:live$/),
      Name: 'live',
      FunctionVersion: '1',
    });

    writeCode(dir, 2);
    const [latest, one, live] = await Promise.all([
      invoke('pick'),
      invoke('pick', '--qualifier', '1'),
      invoke(`${String(published['FunctionArn']).replace(/:1$/, '')}:live`),
    ]);
    expect(latest.answer).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(latest.payload).toMatchObject({ edition: 2, version: '$LATEST', environmentVersion: '$LATEST' });
    expect(one.answer).toMatchObject({ ExecutedVersion: '1' });
    expect(one.payload).toMatchObject({ edition: 1, version: '1', environmentVersion: '1' });
    expect(live.answer).toMatchObject({ ExecutedVersion: '1' });
    expect(live.payload).toMatchObject({
      edition: 1,
      invokedFunctionArn: expect.stringMatching(/:function:pick:live$/),
    });

    const versions = await rest('GET', 'pick/versions');
    expect((versions.json['Versions'] as Array<{ Version: string }>).map((v) => v.Version)).toEqual(['$LATEST', '1']);
    const aliases = await rest('GET', 'pick/aliases');
    expect((aliases.json['Aliases'] as Array<{ Name: string }>).map((a) => a.Name)).toEqual(['dev', 'live']);
    const configuration = await rest('GET', 'pick/configuration?Qualifier=live');
    expect(configuration.json).toMatchObject({ Version: '1', FunctionArn: expect.stringMatching(/:pick:live$/) });
    const conflict = await rest('POST', 'pick/aliases', { Name: 'live', FunctionVersion: '1' });
    expect(conflict).toMatchObject({
      status: 409,
      json: { message: expect.stringMatching(/^Alias already exists: /) },
    });

    const missing = await rest('POST', 'pick:nope/invocations', {});
    expect(missing.status).toBe(404);
    expect(missing.json['message']).toMatch(/^Function not found: arn:aws:lambda:us-east-1:\d{12}:function:pick:nope$/);
  });

  it('runs the alias from Task states however the workflow names it, reporting the version executed', async () => {
    const arn = `arn:aws:lambda:us-east-1:${endpoint.server.service.location.accountId}:function:pick`;
    const done = await endpoint.run(
      'through-alias',
      {
        StartAt: 'Qualified',
        States: {
          Qualified: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'pick:live', Payload: {} },
            ResultSelector: { 'edition.$': '$.Payload.edition', 'version.$': '$.ExecutedVersion' },
            ResultPath: '$.qualified',
            Next: 'Parameter',
          },
          Parameter: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: arn, Qualifier: 'live', Payload: {} },
            ResultSelector: { 'edition.$': '$.Payload.edition', 'version.$': '$.ExecutedVersion' },
            ResultPath: '$.parameter',
            Next: 'Legacy',
          },
          Legacy: {
            Type: 'Task',
            Resource: `${arn}:live`,
            Parameters: {},
            ResultSelector: { 'edition.$': '$.edition', 'version.$': '$.version' },
            ResultPath: '$.legacy',
            Next: 'Sdk',
          },
          Sdk: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:lambda:invoke',
            Parameters: { FunctionName: 'pick', Qualifier: 'live', Payload: '{}' },
            ResultSelector: { 'version.$': '$.ExecutedVersion' },
            ResultPath: '$.sdk',
            Next: 'Latest',
          },
          Latest: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'pick:dev', Payload: {} },
            ResultSelector: { 'edition.$': '$.Payload.edition', 'version.$': '$.ExecutedVersion' },
            ResultPath: '$.latest',
            End: true,
          },
        },
      },
      {},
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      qualified: { edition: 1, version: '1' },
      parameter: { edition: 1, version: '1' },
      legacy: { edition: 1, version: '1' },
      sdk: { version: '1' },
      latest: { edition: 2, version: '$LATEST' },
    });
  });

  it('still has version 1 and its code after a restart, and moves the alias with UpdateAlias', async () => {
    await endpoint.restart();
    expect(await rest('POST', 'pick/versions')).toMatchObject({ status: 201, json: { Version: '2' } });
    expect(
      await cli('update-alias', '--function-name', 'pick', '--name', 'live', '--function-version', '2'),
    ).toMatchObject({ FunctionVersion: '2' });
    const [one, live, listed] = await Promise.all([
      invoke('pick:1'),
      invoke('pick', '--qualifier', 'live'),
      cli('list-functions', '--function-version', 'ALL'),
    ]);
    expect(
      (listed['Functions'] as Array<{ FunctionArn: string }>).map((f) => f.FunctionArn.split(':').slice(-2)),
    ).toEqual([
      ['pick', '$LATEST'],
      ['pick', '1'],
      ['pick', '2'],
    ]);
    expect(one.payload).toMatchObject({ edition: 1, version: '1' });
    expect(live.answer).toMatchObject({ ExecutedVersion: '2' });
    expect(live.payload).toMatchObject({ edition: 2, version: '2' });

    // Version 2 is the alias's: it stays. Version 1 is no one's: it goes, with its code and environments.
    expect(await rest('DELETE', 'pick?Qualifier=2')).toMatchObject({
      status: 409,
      json: { message: 'Unable to delete version because the following aliases reference it: [live]' },
    });
    expect((await rest('DELETE', 'pick?Qualifier=1')).status).toBe(204);
    expect(existsSync(join(endpoint.dataDir, 'lambda', 'pick', '1'))).toBe(false);
    expect(await rest('POST', 'pick:1/invocations', {})).toMatchObject({ status: 404 });
  });
});
