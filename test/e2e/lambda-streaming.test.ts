// Streamed answers (GO_HANDOFF_LAMBDA_INVOKE_MODE=RESPONSE_STREAM) under
// AWS's own Lambda Runtime Interface Emulator (aws-lambda-rie, in its usual
// mode), on the unpacked archive: aws-lambda-ric on Node.js 22 and 24 with
// the usual hand-over, the archive's exec-wrapper, and the Go binary alone
// as the bootstrap.
//
// The emulator reads a streamed answer whole before it gives it to the
// caller, so each test puts a pass-through recorder between the runtime and
// the emulator's Runtime API (test/helpers/runtime-api-recorder.ts): on that
// wire it sees each chunk leave the Go process, timed against the moments
// the function itself flushed (each event carries its own), and the error
// trailers. The caller checks what the emulator gives back. The emulator in
// this mode drops the trailers (it posts the body it read as the answer):
// how a failure after the first byte reaches the caller as the error is
// tested under its Managed Instances mode, which reads them, below, with
// answers streamed at once and a panic among them. That mode runs
// /var/runtime/bootstrap whatever its command line says, so those tests set
// up a private mount namespace (unshare --mount, as root) for it, with the
// task root on /var/task and the bootstrap on /var/runtime/bootstrap
// (test/helpers/lambda-managed-instances.ts); nothing is left mounted after
// them. A machine that cannot (not root, no unshare) skips them, and the
// skipped suite's name says why. There the usual hand-over is from
// aws-lambda-ric's worker threads.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { ArchiveName } from '../helpers/archives';
import { type Bootstrap, ManagedInstances, managedInstancesUnavailable, runsFile, stopAllManagedInstances } from '../helpers/lambda-managed-instances';
import { type LambdaRic, lambdaRicOn } from '../helpers/lambda-ric';
import { childrenOf, LambdaEmulator, stopAllEmulators } from '../helpers/lambda-rie';
import { executableOf } from '../helpers/proc';
import { type RecordedRequest, RuntimeApiRecorder, stopAllRecorders } from '../helpers/runtime-api-recorder';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllEmulators();
  await stopAllManagedInstances();
  await stopAllRecorders();
  removeUnpacked();
});

const STREAM_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = '\0'.repeat(8);
// Events 400 ms apart: each must be on the wire before the function writes the next.
const TICKS = 4;
const GAP_MS = 400;

type Runtime = { mode: string; ric?: LambdaRic; execWrapper?: boolean; goAlone?: boolean };

const RUNTIMES: Runtime[] = [
  ...[lambdaRicOn('22'), lambdaRicOn('24')].map((ric) => ({ mode: `aws-lambda-ric on ${ric.label}, the usual hand-over`, ric })),
  { mode: 'AWS_LAMBDA_EXEC_WRAPPER=exec-wrapper, no Node.js', execWrapper: true },
  { mode: 'the Go binary alone as bootstrap', goAlone: true },
];
/** Where go-handoff hands over to a program on aws-lambda-go. */
const HANDED_OVER = RUNTIMES.filter((runtime) => !runtime.goAlone);

const STREAM: NodeJS.ProcessEnv = { GO_HANDOFF_LAMBDA_INVOKE_MODE: 'RESPONSE_STREAM' };

async function streaming(archive: ArchiveName, runtime: Runtime, env: NodeJS.ProcessEnv = STREAM) {
  const dir = await unpackArchive(archive);
  let recorder: RuntimeApiRecorder | undefined;
  const rie = await LambdaEmulator.start(dir, {
    execWrapper: runtime.execWrapper,
    ric: runtime.ric,
    bootstrap: runtime.goAlone ? path.join(dir, 'handler') : undefined,
    env,
    route: async (runtimeApi) => (recorder = await RuntimeApiRecorder.start(runtimeApi)).address,
  });
  return { rie, recorder: recorder!, dir };
}

/** The same runtime under the emulator's Managed Instances mode. */
function managedBootstrap(runtime: Runtime): Bootstrap {
  if (runtime.goAlone) return { kind: 'binary' };
  return { kind: runtime.execWrapper ? 'exec-wrapper' : 'node', ric: runtime.ric ?? lambdaRicOn('22') };
}

/** The emulator in its Managed Instances mode, AWS_LAMBDA_MAX_CONCURRENCY=concurrency, streaming, the wire recorder in front; ready once every loop polls. */
async function streamingManaged(runtime: Runtime, concurrency: number) {
  const dir = await unpackArchive('lambda-stream');
  const lmi = await ManagedInstances.start(dir, { bootstrap: managedBootstrap(runtime), concurrency, env: STREAM, recorder: 'wire' });
  return { lmi, recorder: lmi.wire, dir };
}

/** A Function URL's request (payload format 2.0). */
function functionUrlEvent(rawPath: string, rawQueryString: string) {
  return { version: '2.0', rawPath, rawQueryString, headers: { host: 'abc.lambda-url.us-east-1.on.aws' }, requestContext: { http: { method: 'GET', path: rawPath } }, isBase64Encoded: false };
}

/** The one streamed post of the answer to requestId. */
function streamedPost(recorder: RuntimeApiRecorder, requestId: string): RecordedRequest {
  const posts = recorder.posts(requestId);
  expect(posts, `the runtime's posts: ${JSON.stringify(recorder.requests().map((r) => `${r.method} ${r.path}`))}`).toHaveLength(1);
  expect(posts[0].complete).toBe(true);
  expect(posts[0].chunked).toBe(true);
  return posts[0];
}

/** The prelude's head, and the events after it, of a streamed HTTP answer. */
function splitPrelude(body: string): { head: unknown; events: { tick: number; at: number }[] } {
  const end = body.indexOf(DELIMITER);
  expect(end, `no prelude delimiter in ${JSON.stringify(body)}`).toBeGreaterThan(0);
  return { head: JSON.parse(body.slice(0, end)), events: [...body.slice(end + DELIMITER.length).matchAll(/^data: (.*)$/gm)].map((match) => JSON.parse(match[1])) };
}

/** Each event left the process after the function wrote it and before it wrote the next: they were not held back. */
function expectEachLeftBeforeTheNext(post: RecordedRequest, events: { tick: number; at: number }[]): void {
  expect(events.map((event) => event.tick)).toEqual(Array.from({ length: TICKS }, (_, i) => i + 1));
  for (const [i, event] of events.entries()) {
    const chunk = post.chunks.find((c) => c.data.toString('latin1').includes(`"tick":${event.tick},`));
    expect(chunk, `no chunk holds event ${event.tick}`).toBeDefined();
    expect(chunk!.at).toBeGreaterThanOrEqual(event.at);
    if (i + 1 < events.length) expect(chunk!.at, `event ${event.tick} arrived ${chunk!.at - events[i + 1].at} ms after the function wrote the next`).toBeLessThan(events[i + 1].at);
  }
}

function trailerReport(post: RecordedRequest): { errorMessage: string; errorType: string; stackTrace?: string[] } {
  const report = JSON.parse(Buffer.from(post.trailers['lambda-runtime-function-error-body'] ?? '', 'base64').toString('utf8'));
  expect(post.trailers['lambda-runtime-function-error-type']).toBe(report.errorType);
  return report;
}

describe.each(RUNTIMES)('streamed answers under aws-lambda-rie: $mode', (runtime) => {
  it('sends each flushed write as it is written, after the prelude; the caller gets the whole answer', async () => {
    const { rie, recorder, dir } = await streaming('lambda-stream', runtime);
    const answer = await rie.invoke(functionUrlEvent('/ticks', `n=${TICKS}&gap=${GAP_MS}`), { 'X-Amzn-RequestId': 'stream-1' });
    expect(answer.status, answer.body).toBe(200);

    const post = streamedPost(recorder, 'stream-1');
    expect(post.headers).toMatchObject({ 'lambda-runtime-function-response-mode': 'streaming', 'content-type': STREAM_CONTENT_TYPE, 'transfer-encoding': 'chunked' });
    expect(post.headers.trailer.split(/\s*,\s*/).sort()).toEqual(['Lambda-Runtime-Function-Error-Body', 'Lambda-Runtime-Function-Error-Type']);
    expect(post.trailers).toEqual({});
    const { head, events } = splitPrelude(post.body.toString('utf8'));
    const pid = rie.runtimePid()!;
    expect(head).toEqual({ statusCode: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Pid': String(pid) }, cookies: ['stream=1'] });
    expectEachLeftBeforeTheNext(post, events);
    // What the emulator gives the caller is the answer as it left Go, whole.
    expect(answer.body).toBe(post.body.toString('utf8'));
    expect(executableOf(pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));

    // http.ResponseController's Flush does the same, and the process goes on.
    const controlled = await rie.invoke(functionUrlEvent('/ticks', `n=${TICKS}&gap=${GAP_MS}&flush=controller`), { 'X-Amzn-RequestId': 'stream-2' });
    expectEachLeftBeforeTheNext(streamedPost(recorder, 'stream-2'), splitPrelude(controlled.body).events);
    expect(rie.runtimePid()).toBe(pid);
  });

  it('puts a failure after the first byte in the error trailers, after what was sent', async () => {
    const { rie, recorder } = await streaming('lambda-stream', runtime);
    const aborted = await rie.invoke(functionUrlEvent('/ticks', 'n=2&gap=50&fail=abort'), { 'X-Amzn-RequestId': 'abort-1' });
    const post = streamedPost(recorder, 'abort-1');
    expect(splitPrelude(post.body.toString('utf8')).events.map((event) => event.tick)).toEqual([1, 2]);
    expect(trailerReport(post)).toEqual({ errorType: 'AbortError', errorMessage: 'the handler aborted its answer (it panicked with http.ErrAbortHandler)' });
    expect(recorder.posts('abort-1', 'error')).toEqual([]);
    // This emulator posts what it read as the answer; the trailers stop with it.
    expect(aborted.body).toBe(post.body.toString('utf8'));

    // A panic is reported the same way, with its stack; then the process exits, as after any panic.
    await rie.invoke(functionUrlEvent('/ticks', 'n=1&gap=0&fail=panic'), { 'X-Amzn-RequestId': 'panic-1' });
    const report = trailerReport(streamedPost(recorder, 'panic-1'));
    expect(report).toMatchObject({ errorType: 'string', errorMessage: 'the stream broke on purpose' });
    expect(report.stackTrace?.join('\n')).toContain('main.ticks');
  });

  it('streams any function when the setting asks: a typed one answers its JSON whole', async () => {
    const { rie, recorder } = await streaming('lambda-typed', runtime);
    const answer = await rie.invoke({ mode: 'echo', message: 'streamed' }, { 'X-Amzn-RequestId': 'typed-1' });
    expect(answer.json).toMatchObject({ message: 'streamed', requestId: 'typed-1', pid: rie.runtimePid() });
    const post = streamedPost(recorder, 'typed-1');
    expect(post.headers).toMatchObject({ 'lambda-runtime-function-response-mode': 'streaming', 'content-type': 'application/json' });
    expect(post.body.toString('utf8')).toBe(answer.body);
  });
});

describe.each(HANDED_OVER)('aws-lambda-go\'s own streaming (lambdaurl) after go-handoff\'s hand-over: $mode', (runtime) => {
  it('leaves aws-lambda-go to stream the answer as its handler writes', async () => {
    const { rie, recorder, dir } = await streaming('lambda-go-stream', runtime, {});
    const answer = await rie.invoke(functionUrlEvent('/ticks', `n=${TICKS}&gap=${GAP_MS}`), { 'X-Amzn-RequestId': 'go-stream-1' });
    expect(answer.status, answer.body).toBe(200);
    const post = streamedPost(recorder, 'go-stream-1');
    // aws-lambda-go posts the prelude's content type, chunked, without the response-mode header Node.js's runtime adds.
    expect(post.headers['content-type']).toBe(STREAM_CONTENT_TYPE);
    const { head, events } = splitPrelude(post.body.toString('utf8'));
    expect(head).toEqual({ statusCode: 200, headers: { 'Content-Type': 'text/event-stream' } });
    expectEachLeftBeforeTheNext(post, events);
    expect(answer.body).toBe(post.body.toString('utf8'));
    expect(executableOf(rie.runtimePid()!)).toBe(fs.realpathSync(path.join(dir, 'handler')));
  });
});

const unavailable = managedInstancesUnavailable();

describe.skipIf(unavailable)(`streamed answers under aws-lambda-rie's Managed Instances mode, in a mount namespace of its own${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  describe.each(RUNTIMES)('$mode', (runtime) => {
    it('gives the caller the streamed answer whole, and a failure after the first byte as the invocation\'s error', async () => {
      const { lmi, recorder, dir } = await streamingManaged(runtime, 2);
      const pid = lmi.runtimePid()!;
      expect(runsFile(pid, path.join(dir, 'handler'))).toBe(true);
      const answer = await lmi.invoke(functionUrlEvent('/ticks', `n=${TICKS}&gap=${GAP_MS}`), { 'X-Amzn-RequestId': 'lmi-1' });
      expect(answer.status, answer.body).toBe(200);
      expect(answer.headers).toMatchObject({ 'content-type': STREAM_CONTENT_TYPE, 'lambda-runtime-function-response-mode': 'streaming' });
      const post = streamedPost(recorder, 'lmi-1');
      expectEachLeftBeforeTheNext(post, splitPrelude(post.body.toString('utf8')).events);
      expect(answer.body).toBe(post.body.toString('utf8'));

      // This mode does not queue an invoke: it fails unless a /next poll
      // waits. The other loop's has waited since the start.
      const aborted = await lmi.invoke(functionUrlEvent('/ticks', 'n=2&gap=50&fail=abort'), { 'X-Amzn-RequestId': 'lmi-2' });
      const report = { errorType: 'AbortError', errorMessage: 'the handler aborted its answer (it panicked with http.ErrAbortHandler)' };
      expect(trailerReport(streamedPost(recorder, 'lmi-2'))).toEqual(report);
      // The emulator names the type after Lambda's rules (Runtime.* or Function.*), and answers the report itself.
      expect(aborted.headers['error-type']).toBe('Runtime.Unknown');
      expect(aborted.json).toEqual(report);
      expect(lmi.runtimePid()).toBe(pid);
    });

    it('streams AWS_LAMBDA_MAX_CONCURRENCY answers at once, each whole on a connection of its own; a panic mid-stream fails only its own, then the process exits', async () => {
      const n = 3;
      const { lmi, recorder } = await streamingManaged(runtime, n);
      const pid = lmi.runtimePid()!;
      const calm = Array.from({ length: n - 1 }, (_, i) => lmi.invoke(functionUrlEvent('/ticks', `n=${TICKS}&gap=${GAP_MS}`), { 'X-Amzn-RequestId': `calm-${i}` }));
      // Once every calm answer has begun, one panics after its first event.
      await expect.poll(() => calm.every((_, i) => recorder.posts(`calm-${i}`).some((p) => p.chunks.length > 0)), { timeout: 10_000 }).toBe(true);
      const boom = await lmi.invoke(functionUrlEvent('/ticks', 'n=1&gap=0&fail=panic'), { 'X-Amzn-RequestId': 'boom' });
      const answers = await Promise.all(calm);

      expect(trailerReport(streamedPost(recorder, 'boom'))).toMatchObject({ errorType: 'string', errorMessage: 'the stream broke on purpose' });
      expect(boom.json).toMatchObject({ errorMessage: 'the stream broke on purpose' });
      const posts = answers.map((answer, i) => {
        expect(answer.status, answer.body).toBe(200);
        // Answered after the panic: it did not take them with it.
        expect(answer.answeredAt).toBeGreaterThan(boom.answeredAt);
        const post = streamedPost(recorder, `calm-${i}`);
        expectEachLeftBeforeTheNext(post, splitPrelude(post.body.toString('utf8')).events);
        expect(answer.body).toBe(post.body.toString('utf8'));
        return post;
      });
      // They streamed at the same time: each one's first event left before the other's last.
      const [first, last] = [(p: RecordedRequest) => p.chunks[0].at, (p: RecordedRequest) => p.chunks[p.chunks.length - 1].at];
      expect(Math.max(...posts.map(first))).toBeLessThan(Math.min(...posts.map(last)));
      // The start's polls, none after: the panic stopped them, those behind the streams' ends too.
      expect(recorder.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/invocation/next'))).toHaveLength(n);
      await expect.poll(() => childrenOf(lmi.host.pid).includes(pid), { timeout: 10_000 }).toBe(false);
    });
  });
});
