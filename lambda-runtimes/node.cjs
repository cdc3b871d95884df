// The local Node.js Lambda runtime: one execution environment. It loads the handler once (the init phase), then
// runs one invocation at a time, as Lambda does: requests arrive as JSON lines on stdin, answers leave as JSON
// lines on fd 3 (stdout and stderr are the function's log). Not for direct use: fanout starts it.
'use strict';
const { createInterface } = require('node:readline');
const { createWriteStream } = require('node:fs');
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

const answers = createWriteStream(null, { fd: 3 });
const answer = (message) => answers.write(`${JSON.stringify(message)}\n`);

function errorPayload(error, fallbackType) {
  if (error instanceof Error) {
    return {
      errorType: error.name && error.name !== 'Error' ? error.name : (error.constructor?.name ?? fallbackType),
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return {
    errorType: fallbackType,
    errorMessage: typeof error === 'string' ? error : JSON.stringify(error),
    trace: [],
  };
}

async function loadHandler() {
  const root = process.env.LAMBDA_TASK_ROOT;
  const spec = process.env._HANDLER ?? '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0)
    throw Object.assign(new Error(`Bad handler ${spec}: expected FILE.FUNCTION`), {
      name: 'Runtime.MalformedHandlerName',
    });
  const file = spec.slice(0, dot);
  const name = spec.slice(dot + 1);
  let mod;
  let lastError;
  for (const ext of ['.js', '.mjs', '.cjs']) {
    const path = resolve(root, file + ext);
    try {
      mod = ext === '.cjs' || ext === '.js' ? require(path) : await import(pathToFileURL(path).href);
      break;
    } catch (e) {
      if (
        e &&
        (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND') &&
        String(e.message).includes(path)
      ) {
        lastError = e;
        continue;
      }
      if (e && e.code === 'ERR_REQUIRE_ESM') {
        mod = await import(pathToFileURL(path).href);
        break;
      }
      throw e;
    }
  }
  if (mod === undefined) {
    throw Object.assign(new Error(`Cannot find module '${file}'${lastError ? '' : ''}`), {
      name: 'Runtime.ImportModuleError',
    });
  }
  const fn = mod[name] ?? mod.default?.[name];
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return fn;
}

function contextOf(request) {
  const c = request.context;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: c.functionName,
    functionVersion: c.functionVersion,
    invokedFunctionArn: c.invokedFunctionArn,
    memoryLimitInMB: String(c.memoryLimitInMB),
    awsRequestId: c.awsRequestId,
    logGroupName: c.logGroupName,
    logStreamName: c.logStreamName,
    ...(c.clientContext === undefined ? {} : { clientContext: c.clientContext }),
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
    done: () => undefined,
    succeed: () => undefined,
    fail: () => undefined,
  };
}

function invoke(handler, request) {
  return new Promise((settle) => {
    let settled = false;
    const once = (value) => {
      if (!settled) {
        settled = true;
        settle(value);
      }
    };
    const callback = (error, result) =>
      once(error == null ? { ok: true, payload: result } : { ok: false, error: errorPayload(error, 'Error') });
    try {
      const returned = handler(request.event, contextOf(request), callback);
      if (returned && typeof returned.then === 'function') {
        returned.then(
          (result) => once({ ok: true, payload: result }),
          (error) => once({ ok: false, error: errorPayload(error, 'Error') }),
        );
      } else if (handler.length < 3) once({ ok: true, payload: returned });
    } catch (error) {
      once({ ok: false, error: errorPayload(error, 'Error') });
    }
  });
}

(async () => {
  let handler;
  try {
    handler = await loadHandler();
    answer({ ready: true });
  } catch (error) {
    answer({ initError: errorPayload(error, 'Runtime.ImportModuleError') });
  }
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const request = JSON.parse(line);
    if (handler === undefined) continue;
    const outcome = await invoke(handler, request);
    let text;
    try {
      text = JSON.stringify({
        id: request.id,
        ...outcome,
        payload: outcome.payload === undefined ? null : outcome.payload,
      });
    } catch (error) {
      text = JSON.stringify({ id: request.id, ok: false, error: errorPayload(error, 'Runtime.MarshalError') });
    }
    answers.write(`${text}\n`);
  }
})();
