// AWS Lambda's Node.js runtime, as far as a function module can tell: at
// init it reads _HANDLER ("index.handler": module index, export handler)
// and LAMBDA_TASK_ROOT, requires the module, finds the handler, and then
// polls the Runtime API at AWS_LAMBDA_RUNTIME_API, calling the handler with
// (event, context) for each invocation and posting its answer or error.
// A module that cannot be loaded, or exports no such handler, is posted to
// /runtime/init/error and the process exits, as the runtime does.
//
// go-handoff's loader execs the Go binary while it is being required, so for
// a working function.zip nothing after require() ever runs here.
//
//   AWS_LAMBDA_RUNTIME_API=host:port _HANDLER=index.handler LAMBDA_TASK_ROOT=dir node lambda-node-runtime.cjs
'use strict';
const path = require('path');

const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime`;
const handlerString = process.env._HANDLER || '';
const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();

async function post(url, body, headers = {}) {
  const answer = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
  await answer.arrayBuffer();
  if (answer.status !== 202) throw new Error(`POST ${url}: ${answer.status}`);
}

function report(error, type) {
  return { errorMessage: error && error.message ? error.message : String(error), errorType: type || (error && error.name) || 'Error', stackTrace: error && error.stack ? String(error.stack).split('\n') : [] };
}

async function init() {
  const dot = handlerString.indexOf('.');
  const moduleName = handlerString.slice(0, dot);
  const exportPath = handlerString.slice(dot + 1);
  let handler;
  try {
    const module = require(path.resolve(taskRoot, moduleName));
    handler = exportPath.split('.').reduce((found, key) => (found == null ? undefined : found[key]), module);
  } catch (error) {
    return failInit(report(error, 'Runtime.ImportModuleError'));
  }
  if (typeof handler !== 'function') return failInit({ errorMessage: `${handlerString} is undefined or not exported`, errorType: 'Runtime.HandlerNotFound' });
  console.log(`node runtime: ${handlerString} loaded, still Node.js: serving invocations with it`);
  for (;;) await invokeOnce(handler);
}

async function failInit(body) {
  await post(`${api}/init/error`, body, { 'Lambda-Runtime-Function-Error-Type': body.errorType });
  process.exit(1);
}

async function invokeOnce(handler) {
  const next = await fetch(`${api}/invocation/next`);
  const event = await next.json();
  const requestId = next.headers.get('lambda-runtime-aws-request-id');
  const deadline = Number(next.headers.get('lambda-runtime-deadline-ms'));
  const context = {
    awsRequestId: requestId,
    invokedFunctionArn: next.headers.get('lambda-runtime-invoked-function-arn'),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    const result = await handler(event, context);
    await post(`${api}/invocation/${requestId}/response`, result === undefined ? null : result);
  } catch (error) {
    const body = report(error);
    await post(`${api}/invocation/${requestId}/error`, body, { 'Lambda-Runtime-Function-Error-Type': body.errorType });
  }
}

init().catch((error) => {
  console.error('node runtime:', error);
  process.exit(1);
});
