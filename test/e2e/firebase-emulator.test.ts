// `go-handoff init --template firebase` under the real Firebase emulator:
// firebase-tools from the npm registry (scripts/install-firebase.mjs), a
// demo- project, and the settings that keep it from reaching beyond this
// machine (no emulator UI, no update check or message of the day, npm
// offline for its SDK version check: offlineEnvironment). The same runs in a
// network namespace with nothing but loopback, tried by hand; the test does
// not make one, as the machine may not allow it. The flow is a user's:
// init, add functions as docs/deploy-firebase.md and docs/mixing-languages.md
// say (Go ones, JavaScript ones beside them, a grouped export), `npm install`
// and `npm run build` in functions/, `firebase emulators:start --only
// functions`. Each function's process becomes the Go binary only when its
// export holds a Go function.
//
// What stands in for the network: `npm install` runs offline over a copy of
// the template's dependencies, installed at locked versions by the same
// script (as a user's install would bring them from the registry), and
// functions/package.json's go-handoff, which init writes as this version,
// is this checkout (file:), as the registry's would be this release.
//
// The emulator's ports are fixed by firebase.json, not free ones: the test
// sets unusual ones (47301-47305).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { packageVersion } from '../../src/paths';
import { repoRoot } from '../helpers/archives';
import { runCli } from '../helpers/cli';
import { type Emulator, firebase, offlineEnvironment, requireFirebase, startEmulator } from '../helpers/firebase';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';

const PROJECT = 'demo-test';
const PORTS = { functions: 47301, hub: 47302, logging: 47303, eventarc: 47304, tasks: 47305 };
const base = `http://127.0.0.1:${PORTS.functions}`;

let scratch: string;
let project: string;
let functions: string;
let binary: string;
let env: NodeJS.ProcessEnv;
let emulator: Emulator | undefined;

beforeAll(() => {
  requireFirebase();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-firebase-'));
  project = path.join(scratch, 'app');
  const created = runCli(['init', project, '--template', 'firebase']);
  expect(created.status, created.stderr).toBe(0);

  // docs/deploy-firebase.md's "More functions": a Go function and an export
  // for each, JavaScript functions beside them, and a grouped export (orders-create).
  fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'firebase', 'more_functions.go'), path.join(project, 'go', 'more_functions.go'));
  fs.appendFileSync(path.join(project, 'functions', 'index.js'), MORE_FUNCTIONS);
  const config = JSON.parse(fs.readFileSync(path.join(project, 'firebase.json'), 'utf8'));
  config.emulators = { ...config.emulators, ...Object.fromEntries(Object.entries(PORTS).map(([name, port]) => [name, { host: '127.0.0.1', port }])) };
  fs.writeFileSync(path.join(project, 'firebase.json'), JSON.stringify(config, null, 2));

  functions = path.join(project, 'functions');
  // init wrote this go-handoff's version; the checkout stands in for the registry's copy of it.
  const manifestPath = path.join(functions, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  expect(manifest.devDependencies).toEqual({ 'go-handoff': `^${packageVersion()}` });
  manifest.devDependencies['go-handoff'] = `file:${repoRoot}`;
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  env = offlineEnvironment(path.join(scratch, 'config'));
  execFileSync('cp', ['-a', firebase.functionsModules, path.join(functions, 'node_modules')]);
  const npm = (...args: string[]) => execFileSync('npm', args, { cwd: functions, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  npm('install', '--offline', '--no-audit', '--no-fund');
  // The build script's go-handoff is the project's own (node_modules/.bin), not one on PATH.
  expect(fs.realpathSync(path.join(functions, 'node_modules', '.bin', 'go-handoff'))).toBe(fs.realpathSync(path.join(repoRoot, 'bin', 'go-handoff.js')));
  npm('run', 'build');
  binary = fs.realpathSync(path.join(functions, 'go-handoff', 'handler'));
}, 180_000);

/** What the test adds to functions/index.js. */
const MORE_FUNCTIONS = `
const { onMessagePublished } = require('firebase-functions/v2/pubsub');
exports.greet = onRequest(go.greet);
exports.onOrder = onMessagePublished('orders', go.onOrder);
exports.orders = { create: onRequest(go.createOrder) };

// JavaScript functions beside the Go ones.
exports.js = onRequest((req, res) => res.json({ language: 'JavaScript', pid: process.pid }));
exports.jsOrder = onMessagePublished('orders', (event) => {
  console.log('jsOrder in pid ' + process.pid + ' got ' + JSON.stringify(Buffer.from(event.data.message.data, 'base64').toString()));
});
`;

/** The functions discovery reports, by their Firebase names (a grouped export's is orders-create). */
const ENDPOINTS = ['hello', 'greet', 'onOrder', 'orders-create', 'js', 'jsOrder'];

/** Whether a process has go-handoff's addon mapped: a JavaScript function's must not. */
function hasAddon(pid: number): boolean {
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('handoff.node');
}

/** Node.js, not the Go binary: the executable the emulator runs its function processes with. */
function expectNode(pid: number): void {
  const executable = executableOf(pid);
  expect(executable).not.toBe(binary);
  expect(path.basename(executable)).toBe('node');
  expect(hasAddon(pid)).toBe(false);
}

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function started(): Promise<Emulator> {
  emulator = startEmulator(project, PROJECT, env);
  await emulator.waitFor(/All emulators ready/);
  return emulator;
}

describe('the firebase template under the Firebase emulator', () => {
  it("loads the definitions, and each Go function's process becomes the Go binary serving that function", async () => {
    const running = await started();
    // Discovery read the exports through firebase-functions: it did not hand over.
    // It names each by its entry point: the grouped export's is orders.create.
    expect(running.output).toContain('Loaded functions definitions from source: hello, greet, onOrder, orders.create, js, jsOrder.');
    expect(running.output).not.toMatch(/go-handoff: pid \d+ becomes/);
    expect(running.output).not.toMatch(/Failed to parse build specification/);

    const hello = await fetch(`${base}/${PROJECT}/us-central1/hello`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe('Hello from Go, serving hello! You asked for /.\n');
    const [, helloPid, becomes] = await running.waitFor(/go-handoff: pid (\d+) becomes (\S+)/);
    expect(becomes).toBe(binary);
    expect(executableOf(Number(helloPid))).toBe(binary);

    // A second export, in a process of its own, answers as itself.
    const greet = await fetch(`${base}/${PROJECT}/us-central1/greet/a/b?c=d`);
    expect(greet.status).toBe(200);
    const answer = (await greet.json()) as { calls: number; function: string; target: string; service: string; signature: string; pid: number; path: string };
    // calls: 1, the emulator's health check (GET /__/health) did not reach the function.
    expect(answer).toMatchObject({ calls: 1, function: 'Greet', target: 'greet', service: 'greet', signature: 'http', path: '/a/b' });
    expect(answer.pid).not.toBe(Number(helloPid));
    expect(executableOf(answer.pid)).toBe(binary);

    // Go keeps serving hello from the same process.
    expect(await (await fetch(`${base}/${PROJECT}/us-central1/hello/again`)).text()).toBe('Hello from Go, serving hello! You asked for /again.\n');
    expect(running.output.match(/go-handoff: pid \d+ becomes/g)).toHaveLength(2);
  }, 120_000);

  it('answers each function in its own language: JavaScript beside Go, and a grouped export runs the Go function it holds', async () => {
    const running = await started();
    // The case: a JavaScript onRequest beside the Go ones, though the Go code offers only Go functions.
    const js = await fetch(`${base}/${PROJECT}/us-central1/js`);
    expect(js.status).toBe(200);
    const jsAnswer = (await js.json()) as { language: string; pid: number };
    expect(jsAnswer.language).toBe('JavaScript');
    expectNode(jsAnswer.pid);

    // exports.orders = { create: onRequest(go.createOrder) }: Firebase's orders-create, target orders.create, Go's CreateOrder.
    const created = await fetch(`${base}/${PROJECT}/us-central1/orders-create`, { method: 'POST' });
    expect(created.status).toBe(200);
    const order = (await created.json()) as { function: string; target: string; pid: number };
    expect(order).toMatchObject({ function: 'CreateOrder', target: 'orders.create' });
    expect(executableOf(order.pid)).toBe(binary);

    // The JavaScript function's process said nothing of go-handoff, and loaded nothing of it.
    expect(running.output.match(/go-handoff: pid (\d+) becomes/g)).toEqual([`go-handoff: pid ${order.pid} becomes`]);
    expect(running.output).not.toMatch(/go-handoff: the Go function cannot start|ERR_GO_HANDOFF/);
    expect(await (await fetch(`${base}/${PROJECT}/us-central1/js`)).json()).toEqual(jsAnswer);
  }, 120_000);

  it('delivers a Pub/Sub CloudEvent (onMessagePublished) to the Go function, and one to the JavaScript function beside it', async () => {
    const running = await started();
    const response = await postPubSub('onOrder', 'order 42');
    const body = await response.text();
    // OnOrder refuses every order, naming what it decoded: 500, and the sender would retry.
    expect(response.status, body).toBe(500);
    expect(response.headers.get('x-google-status')).toBe('error');
    const refused = /^OnOrder in pid (\d+) refused "order 42" \(event event-1, google\.cloud\.pubsub\.topic\.v1\.messagePublished\)$/m.exec(body);
    expect(refused, body).not.toBeNull();
    expect(executableOf(Number(refused![1]))).toBe(binary);

    // The same kind of event to a JavaScript function: firebase-functions runs it in Node.js.
    const acknowledged = await postPubSub('jsOrder', 'order 43');
    expect(acknowledged.status, await acknowledged.text()).toBe(200);
    const [, jsPid] = await running.waitFor(/jsOrder in pid (\d+) got "order 43"/);
    expectNode(Number(jsPid));
    expect(running.output.match(/go-handoff: pid \d+ becomes/g)).toHaveLength(1);
  }, 120_000);

  it('answers 500 naming the cause when the hand-over fails, and the emulator keeps serving', async () => {
    fs.renameSync(binary, `${binary}.away`); // a build that did not finish
    try {
      const running = await started();
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${base}/${PROJECT}/us-central1/hello`);
        const body = await response.text();
        expect(response.status).toBe(500);
        expect(response.headers.get('x-go-handoff-error')).toBe('ENOENT');
        expect(body).toContain(`The Go binary ${binary} does not exist`);
      }
      expect(running.output).toContain('go-handoff: the Go function cannot start, every request will get HTTP 500: [ENOENT]');
      expect(running.output).not.toMatch(/go-handoff: pid \d+ becomes/);
    } finally {
      fs.renameSync(`${binary}.away`, binary);
    }
  }, 120_000);
});

/** What Eventarc (and the Pub/Sub emulator) send a v2 Pub/Sub function, posted to the emulator's trigger route. */
function postPubSub(exportName: string, data: string): Promise<Response> {
  return fetch(`${base}/functions/projects/${PROJECT}/triggers/us-central1-${exportName}-0`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': 'event-1',
      'ce-source': `//pubsub.googleapis.com/projects/${PROJECT}/topics/orders`,
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-time': '2026-12-01T12:00:00Z',
    },
    body: JSON.stringify({ message: { data: Buffer.from(data).toString('base64'), messageId: 'm-1' }, subscription: `projects/${PROJECT}/subscriptions/orders` }),
  });
}

/** A node process in functions/, its output collected. */
function nodeIn(args: string[], extraEnv: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { cwd: functions, env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output, exited };
}

async function fetchWhenUp(url: string, exited: Promise<unknown>, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (gone || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface Manifest {
  endpoints: Record<string, { entryPoint: string; httpsTrigger?: object; eventTrigger?: { eventType: string } }>;
}

function expectAllFunctions(manifest: Manifest): void {
  expect(Object.keys(manifest.endpoints)).toEqual(ENDPOINTS);
  expect(manifest.endpoints.hello).toMatchObject({ entryPoint: 'hello', httpsTrigger: {} });
  expect(manifest.endpoints.greet).toMatchObject({ entryPoint: 'greet', httpsTrigger: {} });
  expect(manifest.endpoints.onOrder).toMatchObject({ entryPoint: 'onOrder', eventTrigger: { eventType: 'google.cloud.pubsub.topic.v1.messagePublished' } });
  expect(manifest.endpoints['orders-create']).toMatchObject({ entryPoint: 'orders.create', httpsTrigger: {} });
  expect(manifest.endpoints.js).toMatchObject({ entryPoint: 'js', httpsTrigger: {} });
}

describe('the processes that only read the exports stay Node.js', () => {
  const discovery = () => path.join(functions, 'node_modules', 'firebase-functions', 'lib', 'bin', 'firebase-functions.js');

  it("firebase-functions' discovery server, as the emulator and `firebase deploy` run it", async () => {
    const port = await freePort();
    // firebase-tools' serveAdmin: FUNCTIONS_CONTROL_API, PORT, the functions folder as the argument.
    const admin = nodeIn([discovery(), functions], { FUNCTIONS_CONTROL_API: 'true', PORT: String(port) });
    try {
      const response = await fetchWhenUp(`http://127.0.0.1:${port}/__/functions.yaml`, admin.exited);
      expect(response.status).toBe(200);
      expectAllFunctions((await response.json()) as Manifest);
      expect(executableOf(admin.child.pid!)).toBe(fs.realpathSync(process.execPath));
      expect(admin.output.stdout + admin.output.stderr).not.toContain('go-handoff');
      await fetch(`http://127.0.0.1:${port}/__/quitquitquit`);
      expect(await admin.exited).toBe(0);
    } finally {
      admin.child.kill('SIGKILL');
    }
  });

  it('the file-based discovery (FUNCTIONS_MANIFEST_OUTPUT_PATH)', async () => {
    const manifestPath = path.join(scratch, 'functions.yaml');
    const admin = nodeIn([discovery(), functions], { FUNCTIONS_CONTROL_API: 'true', FUNCTIONS_MANIFEST_OUTPUT_PATH: manifestPath });
    expect(await admin.exited, admin.output.stderr).toBe(0);
    expectAllFunctions(JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest);
    expect(admin.output.stderr).not.toContain('go-handoff');
  });

  it('a test that requires index.js and serves an export itself gets the reason, not Go', async () => {
    const port = await freePort();
    // As supertest would: the export, behind a server of the test's own.
    const script = `const http = require('http'); const { hello } = require('./index.js'); http.createServer(hello).listen(${port}, '127.0.0.1', () => console.log('listening'));`;
    const testRun = nodeIn(['-e', script], {});
    try {
      const response = await fetchWhenUp(`http://127.0.0.1:${port}/`, testRun.exited);
      expect(response.status).toBe(500);
      expect(response.headers.get('x-go-handoff-error')).toBe('ERR_GO_HANDOFF_NOT_SERVING');
      expect(await response.text()).toMatch(/The Go function does not run in this process: nothing says this process serves the function .*GO_HANDOFF_SERVE=1/s);
      expect(executableOf(testRun.child.pid!)).toBe(fs.realpathSync(process.execPath));
      expect(testRun.output.stderr).toBe(''); // nothing to alarm a test run
    } finally {
      testRun.child.kill('SIGKILL');
    }
  });
});
