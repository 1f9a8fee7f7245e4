// Go beside JavaScript in one codebase: an index.js of the codebase's own
// exports JavaScript functions and Go ones, the Go ones from an archive
// unpacked into ./go-handoff (as `go-handoff package --format dir` writes
// it). Each host process becomes Go only when its target is a Go function;
// every other one runs its JavaScript as if go-handoff were not there.
//
// The hosts are the real ones: functions-framework started with node on its
// entry script, once with --target for each function and once as Cloud
// Functions starts it (FUNCTION_TARGET only, its working folder the source,
// no flags); AWS's Runtime Interface Emulator with aws-lambda-ric for Lambda.
// The Firebase emulator's side is in firebase-emulator.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { functionsFrameworkMain, startFunctionsFramework } from '../../src/serve/functions-framework';
import { repoRoot } from '../helpers/archives';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { LambdaEmulator, stopAllEmulators } from '../helpers/lambda-rie';
import { requireLambdaRic } from '../helpers/lambda-ric';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

const node = fs.realpathSync(process.execPath);

/** Whether a process has go-handoff's addon mapped: a JavaScript function's must not. */
function hasAddon(pid: number): boolean {
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('handoff.node');
}

afterEach(async () => {
  await stopAllHosts();
  await stopAllEmulators();
});

afterAll(() => removeUnpacked());

describe('functions-framework: an index.js exporting JavaScript and Go functions', () => {
  let codebase: string;
  let binary: string;

  beforeAll(async () => {
    // The Go side offers EventMetadata, HelloGCS, HelloGet, HelloHTTP, HelloLogging and HelloPubSub.
    const goHandoff = await unpackArchive('first-generation');
    codebase = fs.mkdtempSync(path.join(os.tmpdir(), 'mixed-languages-ff-'));
    fs.cpSync(goHandoff, path.join(codebase, 'go-handoff'), { recursive: true });
    binary = fs.realpathSync(path.join(codebase, 'go-handoff', 'handler'));
    // The codebase's own functions-framework, for its declarative API: the host's, as a dependency installed by npm would be.
    fs.mkdirSync(path.join(codebase, 'node_modules', '@google-cloud'), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'node_modules', '@google-cloud', 'functions-framework'), path.join(codebase, 'node_modules', '@google-cloud', 'functions-framework'));
    fs.writeFileSync(path.join(codebase, 'package.json'), JSON.stringify({ name: 'codebase', private: true, main: 'index.js' }));
    fs.writeFileSync(
      path.join(codebase, 'index.js'),
      `const functions = require('@google-cloud/functions-framework');
const go = require('./go-handoff');

exports.helloHttp = go.helloHTTP;
exports.orders = { list: go.HelloGet };
exports.onMessage = go.helloPubSub;
exports.js = (req, res) => res.send('JavaScript in pid ' + process.pid);
exports.callsGo = (req, res) => go.helloHTTP(req, res);
functions.http('declaredGo', go.helloGet);
functions.http('declaredJs', (req, res) => res.send('declared JavaScript in pid ' + process.pid));
`,
    );
  }, 120_000);

  afterAll(() => {
    if (codebase) fs.rmSync(codebase, { recursive: true, force: true });
  });

  async function start(target: string, options: { signatureType?: string; env?: NodeJS.ProcessEnv } = {}): Promise<HostProcess> {
    const port = await freePort();
    const child = startFunctionsFramework({ source: codebase, port, target, signatureType: options.signatureType, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    return track(new HostProcess(child, port)).ready();
  }

  it('runs each Go function, grouped and declarative ones too, in a process that becomes the Go binary', async () => {
    const cases: [string, RequestInit, string][] = [
      ['helloHttp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Ada"}' }, 'Hello, Ada!'],
      ['orders.list', {}, 'Hello, World!'],
      ['declaredGo', {}, 'Hello, World!'],
    ];
    for (const [target, request, answer] of cases) {
      const host = await (await start(target)).handedOver();
      const response = await fetch(host.url('/'), request);
      expect(await response.text(), target).toBe(answer);
      expect(executableOf(host.pid), target).toBe(binary);
      await host.stop();
    }
  });

  it('delivers an event to the Go function its export holds', async () => {
    const host = await (await start('onMessage', { signatureType: 'event' })).handedOver();
    const response = await fetch(host.url('/'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        context: { eventId: 'e-1', timestamp: '2026-01-02T03:04:05Z', eventType: 'google.pubsub.topic.publish', resource: { service: 'pubsub.googleapis.com', name: 'projects/p/topics/t' } },
        data: { data: Buffer.from('Grace').toString('base64') },
      }),
    });
    expect(response.status).toBe(200);
    await host.output('Hello, Grace!', 'stderr');
    expect(executableOf(host.pid)).toBe(binary);
  });

  it('leaves the JavaScript functions to Node.js: no addon, not a line of output', async () => {
    for (const [target, answer] of [
      ['js', 'JavaScript in pid '],
      ['declaredJs', 'declared JavaScript in pid '],
    ]) {
      const host = await start(target);
      const response = await fetch(host.url('/'));
      expect(await response.text(), target).toBe(`${answer}${host.pid}`);
      expect(executableOf(host.pid), target).toBe(node);
      expect(hasAddon(host.pid), target).toBe(false);
      expect(host.stdout + host.stderr, target).not.toMatch(/go-handoff/i);
      await host.stop();
    }
  });

  it('leaves a target that names no export to functions-framework, which says so itself', async () => {
    const port = await freePort();
    const child = startFunctionsFramework({ source: codebase, port, target: 'nope', stdio: ['ignore', 'pipe', 'pipe'] });
    const host = track(new HostProcess(child, port));
    expect((await host.exited).code).not.toBe(0);
    expect(host.stderr).toContain("Function 'nope' is not defined in the provided module.");
    expect(host.stdout + host.stderr).not.toMatch(/go-handoff/i);
  });

  it('says why under NODE_DEBUG=go-handoff', async () => {
    const host = await start('js', { env: { NODE_DEBUG: 'go-handoff' } });
    expect(await (await fetch(host.url('/'))).text()).toBe(`JavaScript in pid ${host.pid}`);
    expect(host.stderr).toMatch(new RegExp(`GO-HANDOFF ${host.pid}: pid ${host.pid} stays Node\\.js, running the JavaScript function js: its export holds no Go function \\(a codebase: the host loads ${fs.realpathSync(path.join(codebase, 'index.js')).replace(/[.]/g, '\\.')} as the function`));
  });

  it('answers 500 saying why when JavaScript calls a Go function, and logs it once', async () => {
    const host = await start('callsGo');
    for (let i = 0; i < 2; i++) {
      const response = await fetch(host.url('/'));
      expect(response.status).toBe(500);
      expect(response.headers.get('x-go-handoff-error')).toBe('ERR_GO_HANDOFF_CALLED_FROM_JAVASCRIPT');
      expect(await response.text()).toContain('This process runs the JavaScript function callsGo (its export holds no Go function), and JavaScript called go.helloHTTP.');
    }
    expect(executableOf(host.pid)).toBe(node);
    expect(host.stderr.match(/ERR_GO_HANDOFF_CALLED_FROM_JAVASCRIPT/g)).toHaveLength(1);
  });

  it('with the loader preloaded (NODE_OPTIONS=--require), hands over at listen, and only for a Go function', async () => {
    const env = { NODE_OPTIONS: '--require ./go-handoff/index.js' };
    const go = await (await start('helloHttp', { env })).handedOver();
    // Not the early hand-over, which needs index.js to be the whole deployment: the usual one, at listen.
    expect(go.stdout).toMatch(/go-handoff: pid \d+ becomes \S+ \(functions-framework, http /);
    expect(await (await fetch(go.url('/'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"early"}' })).text()).toBe('Hello, early!');
    expect(executableOf(go.pid)).toBe(binary);
    const js = await start('js', { env });
    expect(await (await fetch(js.url('/'))).text()).toBe(`JavaScript in pid ${js.pid}`);
    expect(executableOf(js.pid)).toBe(node);
    expect(hasAddon(js.pid)).toBe(false);
    expect(js.stdout + js.stderr).not.toMatch(/go-handoff/i);
  });

  it('as Cloud Functions starts it: FUNCTION_TARGET only, in the source folder, no flags', async () => {
    const { script } = functionsFrameworkMain();
    const launch = async (target: string) => {
      const port = await freePort();
      const env = { ...process.env, FUNCTION_TARGET: target, FUNCTION_SIGNATURE_TYPE: 'http', K_SERVICE: target, PORT: String(port) };
      const child = spawn(process.execPath, [script], { cwd: codebase, env, stdio: ['ignore', 'pipe', 'pipe'] });
      return track(new HostProcess(child, port)).ready();
    };
    const go = await (await launch('helloHttp')).handedOver();
    expect(await (await fetch(go.url('/'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Cloud"}' })).text()).toBe('Hello, Cloud!');
    expect(executableOf(go.pid)).toBe(binary);
    const js = await launch('js');
    expect(await (await fetch(js.url('/'))).text()).toBe(`JavaScript in pid ${js.pid}`);
    expect(executableOf(js.pid)).toBe(node);
    expect(hasAddon(js.pid)).toBe(false);
  });
});

describe('functions-framework: an ES module index.js exporting JavaScript and Go functions', () => {
  let codebase: string;

  beforeAll(async () => {
    codebase = fs.mkdtempSync(path.join(os.tmpdir(), 'mixed-languages-esm-'));
    fs.cpSync(await unpackArchive('first-generation'), path.join(codebase, 'go-handoff'), { recursive: true });
    fs.writeFileSync(path.join(codebase, 'package.json'), JSON.stringify({ name: 'codebase', private: true, type: 'module', main: 'index.js' }));
    fs.writeFileSync(
      path.join(codebase, 'index.js'),
      `import go from './go-handoff/index.js';

export const helloHttp = go.helloHTTP;
export const js = (req, res) => res.send('JavaScript module in pid ' + process.pid);
`,
    );
  }, 120_000);

  afterAll(() => {
    if (codebase) fs.rmSync(codebase, { recursive: true, force: true });
  });

  it('reads the exports of the module the host imported, and hands over only for the Go function', async () => {
    const start = async (target: string) => {
      const port = await freePort();
      return track(new HostProcess(startFunctionsFramework({ source: codebase, port, target, stdio: ['ignore', 'pipe', 'pipe'] }), port)).ready();
    };
    const go = await (await start('helloHttp')).handedOver();
    expect(await (await fetch(go.url('/'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"ESM"}' })).text()).toBe('Hello, ESM!');
    expect(executableOf(go.pid)).toBe(fs.realpathSync(path.join(codebase, 'go-handoff', 'handler')));
    const js = await start('js');
    expect(await (await fetch(js.url('/'))).text()).toBe(`JavaScript module in pid ${js.pid}`);
    expect(executableOf(js.pid)).toBe(node);
    expect(hasAddon(js.pid)).toBe(false);
    expect(js.stdout + js.stderr).not.toMatch(/go-handoff|warning/i);
  });
});

describe("Lambda under AWS's emulator: a JavaScript handler beside the Go one, in one archive", () => {
  let taskRoot: string;
  let binary: string;

  beforeAll(async () => {
    taskRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mixed-languages-lambda-'));
    fs.cpSync(await unpackArchive('lambda-typed'), path.join(taskRoot, 'go-handoff'), { recursive: true });
    binary = fs.realpathSync(path.join(taskRoot, 'go-handoff', 'handler'));
    // app.js requires the loader too, as code that shares a module with the Go function's would.
    fs.writeFileSync(
      path.join(taskRoot, 'app.js'),
      `const go = require('./go-handoff');
exports.handler = async (event) => ({ language: 'JavaScript', echo: event.message, pid: process.pid, loaderLoaded: typeof go.handler === 'function' });
exports.callsGo = async (event, context) => go.handler(event, context);
`,
    );
  }, 120_000);

  afterAll(() => {
    if (taskRoot) fs.rmSync(taskRoot, { recursive: true, force: true });
  });

  it('runs go-handoff/index.handler in Go, and app.handler in Node.js', async () => {
    const ric = requireLambdaRic();
    const goFunction = await LambdaEmulator.start(taskRoot, { env: { _HANDLER: 'go-handoff/index.handler' } });
    const report = (await goFunction.invoke({ mode: 'echo', message: 'from Go' })).json as { message: string; pid: number };
    expect(report.message).toBe('from Go');
    expect(executableOf(report.pid)).toBe(binary);
    await goFunction.close();

    const jsFunction = await LambdaEmulator.start(taskRoot, { env: { _HANDLER: 'app.handler' } });
    const answer = (await jsFunction.invoke({ message: 'from JavaScript' })).json as { language: string; echo: string; pid: number; loaderLoaded: boolean };
    expect(answer).toMatchObject({ language: 'JavaScript', echo: 'from JavaScript', loaderLoaded: true });
    expect(jsFunction.runtimePid()).toBe(answer.pid);
    expect(executableOf(answer.pid)).toBe(fs.realpathSync(ric.node));
    expect(hasAddon(answer.pid)).toBe(false);
    expect(jsFunction.host.stdout + jsFunction.host.stderr).not.toMatch(/go-handoff/i);
  });

  it('with AWS_LAMBDA_EXEC_WRAPPER set for both, runs Go with no Node.js for the first, and still Node.js for app.handler', async () => {
    const ric = requireLambdaRic();
    const wrapper = path.join(taskRoot, 'go-handoff', 'exec-wrapper');
    const goFunction = await LambdaEmulator.start(taskRoot, { env: { _HANDLER: 'go-handoff/index.handler', AWS_LAMBDA_EXEC_WRAPPER: wrapper } });
    const report = (await goFunction.invoke({ mode: 'echo', message: 'wrapped' })).json as { message: string; pid: number };
    expect(report.message).toBe('wrapped');
    expect(executableOf(report.pid)).toBe(binary);
    expect(goFunction.host.stdout).toContain('(lambda, exec-wrapper, no Node.js)');
    await goFunction.close();

    const jsFunction = await LambdaEmulator.start(taskRoot, { env: { _HANDLER: 'app.handler', AWS_LAMBDA_EXEC_WRAPPER: wrapper } });
    const answer = (await jsFunction.invoke({ message: 'still JavaScript' })).json as { language: string; pid: number };
    expect(answer.language).toBe('JavaScript');
    expect(executableOf(answer.pid)).toBe(fs.realpathSync(ric.node));
    expect(jsFunction.host.stdout + jsFunction.host.stderr).not.toMatch(/go-handoff/i);
  });

  it('fails an invocation, saying why, where a JavaScript handler calls the Go function', async () => {
    const rie = await LambdaEmulator.start(taskRoot, { env: { _HANDLER: 'app.callsGo' } });
    const answer = await rie.invoke({ mode: 'echo' });
    const report = answer.json as { errorType: string; errorMessage: string };
    // Lambda is production (docs/security.md): the caller gets the code, the log the details.
    expect(report.errorMessage).toContain('[ERR_GO_HANDOFF_CALLED_FROM_JAVASCRIPT]');
    expect(report.errorMessage).not.toContain('app.callsGo');
    const log = rie.host.stdout + rie.host.stderr;
    expect(log).toContain('This process runs the JavaScript function app.callsGo');
    expect(log).toContain('JavaScript called go.handler');
    expect(executableOf(rie.runtimePid()!)).toBe(fs.realpathSync(requireLambdaRic().node));
  });
});
