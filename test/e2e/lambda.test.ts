// The same function.zip on AWS Lambda's Node.js runtime: the runtime
// requires index.js at init with AWS_LAMBDA_RUNTIME_API set, the loader execs
// the Go binary, and the Go SDK polls the Runtime API itself.
//
// Where it serves, the host is the real one: AWS's Runtime Interface
// Emulator (aws-lambda-rie) running the Node.js runtime's bootstrap and
// aws-lambda-ric on Node.js 22 (test/helpers/lambda-rie.ts): the contracts
// and the http.Handler's API Gateway and Function URL events below, and all
// of test/e2e/lambda-ric.test.ts. The rest runs under
// test/hosts/lambda-node-runtime.cjs against the project's own Runtime API
// emulator (test/hosts/lambda-runtime-api.ts), for what the real emulator
// cannot do:
//   - a deadline per invocation (aws-lambda-rie has one timeout for all, from
//     AWS_LAMBDA_FUNCTION_TIMEOUT, in whole seconds);
//   - an invoked ARN with a qualifier (it builds the ARN from the function
//     name), and the X-Ray trace header (it never sends
//     Lambda-Runtime-Trace-Id, so _X_AMZN_TRACE_ID stays empty);
//   - a response limit other than 6 MB, to test 413 quickly;
//   - what the runtime posted and when: the Content-Type of an answer, the
//     init error's body and header, how often it asked for the next event,
//     and any call the protocol does not allow (`violations`);
//   - the runtime's own exit status after a panic.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ArchiveName } from '../helpers/archives';
import { CURRENT_NODES, nodeExecutable } from '../helpers/host-nodes';
import { type HostProcess, stopAllHosts } from '../helpers/host-process';
import { startLambdaNodeRuntime } from '../helpers/hosts';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';
import { type InvocationResult, type InvokeOptions, RuntimeApiEmulator } from '../hosts/lambda-runtime-api';
import { LambdaEmulator, type RieAnswer, stopAllEmulators } from '../helpers/lambda-rie';

let api: RuntimeApiEmulator;

beforeEach(async () => {
  api = await RuntimeApiEmulator.start({ maxResponseBytes: 64 * 1024 });
});
afterEach(async () => {
  await stopAllHosts();
  await stopAllEmulators();
  await api.close();
  removeUnpacked();
});

/** The archive under aws-lambda-rie and aws-lambda-ric, the usual hand-over. */
async function onRealLambda(archive: ArchiveName): Promise<LambdaEmulator> {
  return LambdaEmulator.start(await unpackArchive(archive));
}

/** aws-lambda-rie answers a failed invocation with Lambda's error object as the body. */
function rieReport(answer: RieAnswer): { errorMessage: string; errorType: string } {
  const report = answer.json as { errorMessage?: string; errorType?: string } | undefined;
  if (!report || typeof report.errorType !== 'string') throw new Error(`the invocation did not fail: ${answer.body}`);
  return report as { errorMessage: string; errorType: string };
}

async function onLambda(archive: ArchiveName, options: { breakIt?: (dir: string) => void; env?: NodeJS.ProcessEnv } = {}): Promise<{ host: HostProcess; dir: string }> {
  const dir = await unpackArchive(archive);
  options.breakIt?.(dir);
  return { host: startLambdaNodeRuntime(dir, api.address, { env: options.env }), dir };
}

/** What the invoker of a function whose binary is missing is told (src/loader/failure.ts, production). */
const PLAIN_ENOENT = 'Internal Server Error: the function could not start [ENOENT]; its log says why.';

/** Invokes through the emulator; fails if the runtime exits first. */
async function invoke(host: HostProcess, payload: unknown, options?: InvokeOptions): Promise<InvocationResult> {
  const exited = host.exited.then((status) => {
    throw new Error(`the runtime exited (${JSON.stringify(status)}) before answering:\n${host.stdout}\n${host.stderr}`);
  });
  return Promise.race([api.invoke(payload, options), exited]);
}

function answerOf(result: InvocationResult): string {
  if (result.outcome !== 'response') throw new Error(`the invocation failed: ${JSON.stringify(result)}`);
  return result.body.toString('utf8');
}

function reportOf(result: InvocationResult) {
  if (result.outcome !== 'error') throw new Error(`the invocation did not fail: ${result.body.toString('utf8')}`);
  return result;
}

describe('the Runtime API loop, after the hand-over', () => {
  it('answers typed invocations in the same process, now the Go binary, with the Context Lambda describes', async () => {
    const { host, dir } = await onLambda('lambda-typed');
    const first = await invoke(host, { mode: 'echo', message: 'hi' }, {
      requestId: 'req-0001',
      timeoutMs: 20_000,
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:go-handoff-test:live',
      traceId: 'Root=1-65a1b2c3-0123456789abcdef01234567;Parent=1111111111111111;Sampled=1',
      clientContext: { client: { app_title: 'shop', installation_id: 'inst-1' }, custom: { tier: 'gold' }, env: { platform: 'Android' } },
      cognitoIdentity: { cognitoIdentityId: 'us-east-1:abc', cognitoIdentityPoolId: 'us-east-1:pool' },
    });
    expect(first.outcome === 'response' && first.contentType).toBe('application/json');
    const report = JSON.parse(answerOf(first));
    expect(report).toMatchObject({
      message: 'hi',
      requestId: 'req-0001',
      awsRequestId: 'req-0001',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:go-handoff-test:live',
      functionName: 'go-handoff-test',
      functionVersion: '$LATEST',
      memoryLimitInMB: 256,
      logGroupName: '/aws/lambda/go-handoff-test',
      logStreamName: '2024/01/02/[$LATEST]0123456789abcdef0123456789abcdef',
      identity: { cognitoIdentityId: 'us-east-1:abc', cognitoIdentityPoolId: 'us-east-1:pool' },
      clientContext: { client: { app_title: 'shop', installation_id: 'inst-1' }, custom: { tier: 'gold' }, env: { platform: 'Android' } },
      deadlineMs: first.deadlineMs,
      contextDeadlineMs: first.deadlineMs,
      traceEnv: 'Root=1-65a1b2c3-0123456789abcdef01234567;Parent=1111111111111111;Sampled=1',
      pid: host.pid,
    });
    expect(report.remainingMs).toBeGreaterThan(10_000);
    expect(report.remainingMs).toBeLessThanOrEqual(20_000);
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(listeningSocketsOf(host.pid)).toEqual([]);
    expect(host.stdout).toContain('(lambda, no sockets)');
    expect(host.stdout).not.toContain('node runtime:');

    // _X_AMZN_TRACE_ID is the invocation's own, every time.
    const second = JSON.parse(answerOf(await invoke(host, { mode: 'echo' }, { traceId: 'Root=1-65a1b2c4-ffffffffffffffffffffffff;Sampled=0' })));
    expect(second.traceEnv).toBe('Root=1-65a1b2c4-ffffffffffffffffffffffff;Sampled=0');
    expect(second.clientContext).toEqual({ client: { installation_id: '', app_title: '', app_version_code: '', app_package_name: '' }, env: null, custom: null });
    expect(api.violations).toEqual([]);
  });

  it('gives the context.Context the deadline of Lambda-Runtime-Deadline-Ms', async () => {
    const { host } = await onLambda('lambda-typed');
    const started = Date.now();
    const report = JSON.parse(answerOf(await invoke(host, { mode: 'wait-deadline' }, { timeoutMs: 400 })));
    expect(report.contextErr).toBe('context deadline exceeded');
    expect(report.remainingMs).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('reports a returned error to the error endpoint with errorMessage and errorType, never as an answer, and goes on', async () => {
    const { host } = await onLambda('lambda-typed');
    const failed = reportOf(await invoke(host, { mode: 'fail', message: 'not today' }, { requestId: 'req-fail' }));
    expect(failed.requestId).toBe('req-fail');
    expect(failed.report).toEqual({ errorMessage: 'refused: not today', errorType: 'refusal' });
    expect(failed.errorTypeHeader).toBe('refusal');
    const malformed = reportOf(await invoke(host, '{"mode": '));
    expect(malformed.report.errorType).toBe('InputError');
    expect(malformed.report.errorMessage).toMatch(/not valid JSON for main\.request/);
    // The loop goes on with the next invocation, in the same process.
    expect(JSON.parse(answerOf(await invoke(host, { mode: 'echo', message: 'still here' }))).pid).toBe(host.pid);
    expect(host.stderr).toMatch(/request req-fail failed: refusal: refused: not today/);
  });

  it('reports a panic with its stack, logs it, then exits as Lambda expects', async () => {
    const { host } = await onLambda('lambda-typed');
    const crashed = reportOf(await api.invoke({ mode: 'panic', message: 'boom' }, { requestId: 'req-panic' }));
    expect(crashed.report).toMatchObject({ errorMessage: 'on purpose: boom', errorType: 'string' });
    expect(crashed.report.stackTrace?.join('\n')).toMatch(/main\.handle/);
    expect(await host.exited).toEqual({ code: 1, signal: null });
    expect(host.stderr).toMatch(/req-panic[^\n]*on purpose: boom[\s\S]*goroutine \d+/);
    expect(host.stderr).toMatch(/request req-panic: the function panicked: on purpose: boom; reported to Lambda, and the process exits/);
    expect(api.violations).toEqual([]);
  });

  it('fails an answer larger than Lambda takes (413) and goes on', async () => {
    const { host } = await onLambda('example-bytes');
    const tooLarge = reportOf(await invoke(host, Buffer.alloc(100 * 1024, 'x')));
    expect(tooLarge.report.errorType).toBe('Runtime.ResponseTooLarge');
    expect(tooLarge.report.errorMessage).toMatch(/the function's answer is 102400 bytes, more than Lambda accepts \(.*Exceeded maximum allowed payload size \(65536 bytes\)/);
    expect(answerOf(await invoke(host, 'ok'))).toBe('ko');
  });
});

describe('each contract on Lambda', () => {
  it('bytes: the raw event in, the bytes out verbatim', async () => {
    const { host } = await onLambda('example-bytes');
    const answer = await invoke(host, Buffer.from('\x00raw\xff', 'latin1'));
    expect(answer.outcome === 'response' && answer.contentType).toBe('application/octet-stream');
    expect(answer.outcome === 'response' && answer.body).toEqual(Buffer.from('\xffwar\x00', 'latin1'));
    expect(reportOf(await invoke(host, '')).report).toEqual({ errorMessage: 'send some bytes to reverse', errorType: 'errorString' });
  });

  it('events: a structured CloudEvent and a legacy envelope sent as the payload', async () => {
    const rie = await onRealLambda('example-event');
    const cloudEvent = {
      specversion: '1.0',
      id: 'ce-1',
      source: '//pubsub.googleapis.com/projects/p/topics/t',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      datacontenttype: 'application/json',
      data: { message: { data: Buffer.from('hello').toString('base64'), messageId: 'm-1', attributes: { k: 'v' } } },
    };
    expect((await rie.invoke(cloudEvent, { 'X-Amzn-RequestId': 'req-pubsub' })).body).toBe('null');
    const legacy = {
      context: { eventId: 'ev-2', timestamp: '2024-05-06T07:08:09Z', eventType: 'google.storage.object.finalize', resource: { service: 'storage.googleapis.com', name: 'projects/_/buckets/b/objects/o.txt' } },
      data: { bucket: 'b', name: 'o.txt', size: '12', contentType: 'text/plain' },
    };
    expect((await rie.invoke(legacy)).body).toBe('null');
    // The emulator writes the runtime's stdout and stderr to its own stdout.
    await rie.host.output('Pub/Sub message m-1: "hello" map[k:v]', 'stdout');
    // The log line carries a timestamp and the request id, as the eawsy shim's did.
    expect(rie.host.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z req-pubsub Pub\/Sub message m-1/m);
    await rie.host.output('Storage object gs://b/o.txt (12 bytes, text/plain)', 'stdout');
    const unknown = rieReport(await rie.invoke({ ...cloudEvent, type: 'com.example.other' }));
    expect(unknown).toEqual({ errorMessage: 'no handler for events of type "com.example.other"', errorType: 'errorString' });
    expect(rieReport(await rie.invoke({ hello: 'world' })).errorMessage).toMatch(/^the request is not an event/);
  });

  it("typed: the eawsy shim's hello world, Lambda code from before aws-lambda-go", async () => {
    const rie = await onRealLambda('eawsy-hello');
    expect((await rie.invoke({ any: 'thing' })).body).toBe('"Hello, World!"');
  });
});

describe('an http.Handler on Lambda', () => {
  const restEvent = {
    resource: '/{proxy+}',
    path: '/echo/rest',
    httpMethod: 'POST',
    headers: { Host: 'abc123.execute-api.us-east-1.amazonaws.com', Accept: 'text/plain', 'X-Custom': 'yes' },
    multiValueHeaders: { Host: ['abc123.execute-api.us-east-1.amazonaws.com'], Accept: ['text/plain', 'application/json'], 'X-Custom': ['yes'] },
    queryStringParameters: { q: 'b' },
    multiValueQueryStringParameters: { q: ['a', 'b'] },
    requestContext: { stage: 'prod', requestId: 'apigw-1', identity: { sourceIp: '203.0.113.9' }, domainName: 'abc123.execute-api.us-east-1.amazonaws.com' },
    body: Buffer.from('{"hello":"rest"}').toString('base64'),
    isBase64Encoded: true,
  };
  const httpApiEvent = (rawPath: string, extra: Record<string, unknown> = {}) => ({
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: 'x=1&x=2',
    cookies: ['a=1', 'b=2'],
    headers: { host: 'api.example.com', 'content-type': 'text/plain', 'x-custom': 'yes' },
    requestContext: { domainName: 'api.example.com', stage: '$default', http: { method: 'PUT', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.4' } },
    body: 'plain text',
    isBase64Encoded: false,
    ...extra,
  });

  it('serves API Gateway REST API events (payload format 1.0) and answers in that format', async () => {
    const rie = await onRealLambda('lambda-http');
    const answer = (await rie.invoke(restEvent, { 'X-Amzn-RequestId': 'req-rest' })).json as { body: string };
    expect(answer).toMatchObject({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-Many': 'two', 'Set-Cookie': 'theme=dark' },
      multiValueHeaders: { 'X-Many': ['one', 'two'], 'Set-Cookie': ['session=abc; Path=/', 'theme=dark'] },
      isBase64Encoded: false,
    });
    expect(JSON.parse(answer.body)).toEqual({
      method: 'POST',
      path: '/echo/rest',
      query: { q: ['a', 'b'] },
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      remoteAddr: '203.0.113.9:0',
      cookie: '',
      accept: 'text/plain|application/json',
      body: '{"hello":"rest"}',
      requestId: 'req-rest',
      headerSeen: true,
    });
  });

  it('serves API Gateway HTTP API events (payload format 2.0), cookies both ways', async () => {
    const rie = await onRealLambda('lambda-http');
    const answer = (await rie.invoke(httpApiEvent('/echo/http-api'))).json as { body: string; headers: Record<string, string> };
    expect(answer).toMatchObject({ statusCode: 201, headers: { 'Content-Type': 'application/json', 'X-Many': 'one, two' }, cookies: ['session=abc; Path=/', 'theme=dark'], isBase64Encoded: false });
    expect(answer.headers['Set-Cookie']).toBeUndefined();
    expect(JSON.parse(answer.body)).toMatchObject({ method: 'PUT', path: '/echo/http-api', query: { x: ['1', '2'] }, host: 'api.example.com', cookie: 'a=1; b=2', body: 'plain text', remoteAddr: '198.51.100.4:0' });
  });

  it('serves Function URL events, a binary answer in base64', async () => {
    const rie = await onRealLambda('lambda-http');
    const functionUrlEvent = {
      version: '2.0',
      rawPath: '/binary',
      rawQueryString: '',
      headers: { host: 'abcdefg.lambda-url.us-east-1.on.aws' },
      requestContext: { domainName: 'abcdefg.lambda-url.us-east-1.on.aws', http: { method: 'GET', path: '/binary', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1' } },
      isBase64Encoded: false,
    };
    const answer = (await rie.invoke(functionUrlEvent)).json;
    expect(answer).toEqual({ statusCode: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 0xfe, 0xff]).toString('base64'), isBase64Encoded: true });
  });

  it('fails an event that is not an HTTP request, saying what it serves', async () => {
    const rie = await onRealLambda('lambda-http');
    const failed = rieReport(await rie.invoke({ Records: [{ eventSource: 'aws:sqs' }] }));
    expect(failed.errorType).toBe('InputError');
    expect(failed.errorMessage).toMatch(/the event is not an HTTP request from API Gateway or a Function URL.*this event has the fields Records/);
  });

  it('reports a panic in the handler, then exits', async () => {
    const { host } = await onLambda('lambda-http');
    const crashed = reportOf(await api.invoke(httpApiEvent('/panic')));
    expect(crashed.report).toMatchObject({ errorMessage: 'the handler panicked on purpose', errorType: 'string' });
    expect((await host.exited).code).toBe(1);
  });
});

describe('init', () => {
  it('reports a function the SDK refuses to the init error endpoint, then exits', async () => {
    const { host } = await onLambda('lambda-init-error');
    const { report, errorTypeHeader } = await api.initError;
    expect(report).toEqual({
      errorMessage: 'handoff.Start was given a map[string]http.HandlerFunc, which is neither a function nor an http.Handler',
      errorType: 'Runtime.InvalidHandler',
    });
    expect(errorTypeHeader).toBe('Runtime.InvalidHandler');
    expect((await host.exited).code).toBe(2);
    expect(api.nextCalls).toBe(0);
  });

  it("fails every invocation with the cause's code when the hand-over cannot happen, the cause logged once", async () => {
    const { host } = await onLambda('lambda-typed', { breakIt: (dir) => fs.rmSync(path.join(dir, 'handler')) });
    for (let i = 0; i < 2; i++) {
      // Lambda sets no NODE_ENV and always serves deployed functions: the invoker gets the code alone.
      const failed = reportOf(await invoke(host, { mode: 'echo' }));
      expect(failed.report.errorMessage).toBe(PLAIN_ENOENT);
      expect(JSON.stringify(failed.report)).not.toMatch(/handler|index\.js|\/tmp/);
    }
    expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    expect(host.stderr).toMatch(/the Go binary \S+handler does not exist/i);
  });

  it('names the cause to the invoker too with GO_HANDOFF_ERRORS=detailed (an emulator on a laptop)', async () => {
    const { host } = await onLambda('lambda-typed', { breakIt: (dir) => fs.rmSync(path.join(dir, 'handler')), env: { GO_HANDOFF_ERRORS: 'detailed' } });
    expect(reportOf(await invoke(host, { mode: 'echo' })).report.errorMessage).toMatch(/the Go binary \S+handler does not exist/i);
  });
});

describe('a program on the real aws-lambda-go', () => {
  it('runs its own lambda.Start loop unchanged after the hand-over', async () => {
    const { host, dir } = await onLambda('lambda-go');
    const result = await invoke(host, { name: 'Ada' }, { requestId: 'req-go', traceId: 'Root=1-65a1b2c5-aaaaaaaaaaaaaaaaaaaaaaaa;Sampled=1', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:greeter' });
    expect(JSON.parse(answerOf(result))).toEqual({
      greeting: 'Hello, Ada!',
      requestId: 'req-go',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:greeter',
      deadlineMs: result.deadlineMs,
      traceEnv: 'Root=1-65a1b2c5-aaaaaaaaaaaaaaaaaaaaaaaa;Sampled=1',
      pid: host.pid,
      startMs: expect.any(Number),
      endMs: expect.any(Number),
    });
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(reportOf(await invoke(host, {})).report).toEqual({ errorMessage: 'whom should I greet?', errorType: 'errorString' });
    expect(api.violations).toEqual([]);
  });
});

// Lambda's current runtimes, nodejs22.x and nodejs24.x: the hand-over at init
// and its failure, on their Node.js (the real aws-lambda-ric runs on 22 in
// lambda-ric.test.ts).
describe.each(CURRENT_NODES)("Lambda's Node.js runtime on $label", (node) => {
  async function onLambdaOn(breakIt?: (dir: string) => void): Promise<{ host: HostProcess; dir: string }> {
    const dir = await unpackArchive('lambda-typed');
    breakIt?.(dir);
    return { host: startLambdaNodeRuntime(dir, api.address, { node: nodeExecutable(node) }), dir };
  }

  it('hands over at init: the Go binary answers in the same process', async () => {
    const { host, dir } = await onLambdaOn();
    const report = JSON.parse(answerOf(await invoke(host, { mode: 'echo', message: 'hi' }, { requestId: 'req-0001' })));
    expect(report).toMatchObject({ message: 'hi', requestId: 'req-0001', pid: host.pid });
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(api.violations).toEqual([]);
  });

  it('fails every invocation with the code when the binary is missing, the cause logged once', async () => {
    const { host } = await onLambdaOn((dir) => fs.rmSync(path.join(dir, 'handler')));
    for (let i = 0; i < 2; i++) {
      expect(reportOf(await invoke(host, { mode: 'echo' })).report.errorMessage).toBe(PLAIN_ENOENT);
    }
    expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    expect(host.stderr).toMatch(/the Go binary \S+handler does not exist/i);
    expect(executableOf(host.pid)).toBe(fs.realpathSync(node.path));
  });
});
