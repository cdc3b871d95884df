/**
 * Lambda's function, version and alias operations on the endpoint (REST-JSON under `/2015-03-31/functions`):
 * ListFunctions, GetFunction, GetFunctionConfiguration, DeleteFunction (of a version), PublishVersion,
 * ListVersionsByFunction, and CreateAlias / GetAlias / UpdateAlias / DeleteAlias / ListAliases. Answers take the
 * shapes of the Lambda API reference; functions themselves come from the profile, so there is no CreateFunction.
 */
import { pathToFileURL } from 'node:url';
import {
  parseFunctionName,
  type AliasInput,
  type FunctionAliasRecord,
  type FunctionVersionView,
  type LocalLambda,
} from '../integrations';
import { WireError } from '../protocol/wire-error';

export interface LambdaAnswer {
  status: number;
  body?: unknown;
}

type Query = URLSearchParams;

const FUNCTIONS = /^\/2015-03-31\/functions\/?$/;
const FUNCTION = /^\/2015-03-31\/functions\/([^/]+)(?:\/(configuration|versions|aliases)(?:\/([^/]+))?)?$/;
const DEFAULT_MAX_ITEMS = 50;

/** The operation a path and method name, run; undefined when none matches. */
export function lambdaFunctionOperation(
  lambda: LocalLambda,
  method: string,
  path: string,
  query: Query,
  body: () => Record<string, unknown>,
): LambdaAnswer | undefined {
  if (FUNCTIONS.test(path) && method === 'GET') return listFunctions(lambda, query);
  const match = FUNCTION.exec(path);
  if (match === null) return undefined;
  const [, rawName = '', collection, item] = match;
  const { name, qualifier: derived } = parseFunctionName(decodeURIComponent(rawName));
  const qualifier = query.get('Qualifier') ?? derived;
  const versions = lambda.versions;
  const alias = item === undefined ? undefined : decodeURIComponent(item);
  switch (`${method} ${collection ?? ''}${alias === undefined ? '' : '/'}`) {
    case 'GET ':
      return { status: 200, body: getFunction(lambda, name, qualifier ?? undefined) };
    case 'GET configuration':
      return { status: 200, body: configuration(lambda, versions.describe(name, qualifier ?? undefined), qualifier) };
    case 'DELETE ':
      if (qualifier === null || qualifier === undefined) {
        throw new WireError(
          'InvalidParameterValueException',
          `${name} is declared by the profile: remove it there to delete the function; DeleteFunction with a Qualifier deletes one of its versions.`,
        );
      }
      lambda.deleteVersion(name, qualifier);
      return { status: 204 };
    case 'POST versions': {
      const request = body();
      const view = versions.publish(name, {
        ...optionalText(request, 'CodeSha256', 'codeSha256'),
        ...optionalText(request, 'Description', 'description'),
        ...optionalText(request, 'RevisionId', 'revisionId'),
      });
      return { status: 201, body: configuration(lambda, view, view.version) };
    }
    case 'GET versions': {
      const all = versions.list(name).map((view) => configuration(lambda, view, view.version));
      return { status: 200, body: page(all, query, 'Versions') };
    }
    case 'POST aliases': {
      const request = body();
      const aliasName = typeof request['Name'] === 'string' ? request['Name'] : '';
      return {
        status: 201,
        body: aliasConfiguration(lambda, versions.createAlias(name, aliasName, aliasInput(request))),
      };
    }
    case 'GET aliases': {
      const listed = versions.aliases(name, query.get('FunctionVersion') ?? undefined);
      return {
        status: 200,
        body: page(
          listed.map((a) => aliasConfiguration(lambda, a)),
          query,
          'Aliases',
        ),
      };
    }
    case 'GET aliases/':
      return { status: 200, body: aliasConfiguration(lambda, versions.getAlias(name, alias!)) };
    case 'PUT aliases/':
      return { status: 200, body: aliasConfiguration(lambda, versions.updateAlias(name, alias!, aliasInput(body()))) };
    case 'DELETE aliases/':
      versions.deleteAlias(name, alias!);
      return { status: 204 };
    default:
      return undefined;
  }
}

function listFunctions(lambda: LocalLambda, query: Query): LambdaAnswer {
  const all = query.get('FunctionVersion') === 'ALL';
  const functions = lambda
    .functionNames()
    .sort()
    .flatMap((name) =>
      all
        ? lambda.versions.list(name).map((view) => configuration(lambda, view, view.version))
        : [configuration(lambda, lambda.versions.describe(name, undefined), undefined)],
    );
  return { status: 200, body: page(functions, query, 'Functions') };
}

function getFunction(lambda: LocalLambda, name: string, qualifier: string | undefined): object {
  const view = lambda.versions.describe(name, qualifier);
  const reserved = view.definition.reservedConcurrency;
  return {
    Configuration: configuration(lambda, view, qualifier),
    // The code is a folder on this machine, not a package in S3.
    Code: { RepositoryType: 'Local', Location: pathToFileURL(view.definition.code).href },
    ...(reserved === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: reserved } }),
  };
}

/** FunctionConfiguration; `qualifier` is how it was asked for, which its FunctionArn carries (none for `$LATEST` by name). */
function configuration(lambda: LocalLambda, view: FunctionVersionView, qualifier: string | null | undefined): object {
  const { definition } = view;
  const arn = lambda.functionArn(definition.name);
  const variables = Object.keys(definition.environment).length > 0;
  return {
    FunctionName: definition.name,
    FunctionArn: qualifier === null || qualifier === undefined ? arn : `${arn}:${qualifier}`,
    Runtime: definition.runtime,
    Role: `arn:aws:iam::${lambda.location().accountId}:role/fanout-local-lambda`,
    Handler: definition.handler,
    CodeSize: view.codeSize,
    Description: view.description,
    Timeout: definition.timeout,
    MemorySize: definition.memorySize,
    LastModified: new Date(view.lastModified).toISOString().replace('Z', '+0000'),
    CodeSha256: view.codeSha256,
    Version: view.version,
    ...(variables ? { Environment: { Variables: definition.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: view.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${definition.name}` },
  };
}

function aliasConfiguration(lambda: LocalLambda, alias: FunctionAliasRecord): object {
  return {
    AliasArn: `${lambda.functionArn(alias.functionName)}:${alias.name}`,
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(alias.routing === undefined ? {} : { RoutingConfig: { AdditionalVersionWeights: alias.routing } }),
    RevisionId: alias.revisionId,
  };
}

function aliasInput(request: Record<string, unknown>): AliasInput {
  const routing = request['RoutingConfig'];
  let weights: Record<string, number> | undefined;
  if (routing !== undefined && routing !== null) {
    const given = (routing as Record<string, unknown>)['AdditionalVersionWeights'];
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new WireError(
        'InvalidParameterValueException',
        'RoutingConfig.AdditionalVersionWeights must be an object of version → weight',
      );
    }
    weights = (given ?? {}) as Record<string, number>;
  }
  return {
    ...optionalText(request, 'FunctionVersion', 'functionVersion'),
    ...optionalText(request, 'Description', 'description'),
    ...optionalText(request, 'RevisionId', 'revisionId'),
    ...(weights === undefined ? {} : { routing: weights }),
  };
}

function optionalText<K extends string>(
  request: Record<string, unknown>,
  field: string,
  key: K,
): { [k in K]?: string } {
  const value = request[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') {
    throw new WireError('InvalidParameterValueException', `${field} must be a string`);
  }
  return { [key]: value } as { [k in K]?: string };
}

/** Marker/MaxItems paging: the marker is the index of the next item. */
function page(items: object[], query: Query, field: string): object {
  const start = Number(query.get('Marker') ?? '0');
  const maxItems = Number(query.get('MaxItems') ?? DEFAULT_MAX_ITEMS);
  if (!Number.isInteger(start) || start < 0) {
    throw new WireError('InvalidParameterValueException', `Invalid Marker: ${query.get('Marker')}`);
  }
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10000) {
    throw new WireError(
      'ValidationException',
      `1 validation error detected: Value '${query.get('MaxItems')}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`,
    );
  }
  const end = start + maxItems;
  return { [field]: items.slice(start, end), ...(end < items.length ? { NextMarker: String(end) } : {}) };
}
