// `go-handoff init --template firebase` under the real Firebase emulator:
// firebase-tools from the npm registry (scripts/install-firebase.mjs), a
// demo- project, and the settings that keep it from reaching beyond this
// machine (no emulator UI, no update check or message of the day, npm
// offline for its SDK version check: offlineEnvironment). The same runs in a
// network namespace with nothing but loopback, tried by hand; the test does
// not make one, as the machine may not allow it. The flow is a user's:
// init, add functions as docs/deploy-firebase.md says, `npm install` and `npm run build`
// in functions/, `firebase emulators:start --only functions`.
//
// What stands in for the network: `npm install` runs offline over a copy of
// the template's dependencies, installed at locked versions by the same
// script (as a user's install would bring them from the registry); and the
// `go-handoff` that `npm run build` calls is this checkout's, on PATH, as a
// global install would put it.
//
// The emulator's ports are fixed by firebase.json, not free ones: the test
// sets unusual ones (47301-47305).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

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

  // docs/deploy-firebase.md's "More functions": a Go function and an export for each.
  fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'firebase', 'more_functions.go'), path.join(project, 'go', 'more_functions.go'));
  fs.appendFileSync(
    path.join(project, 'functions', 'index.js'),
    "\nconst { onMessagePublished } = require('firebase-functions/v2/pubsub');\nexports.greet = onRequest(go.greet);\nexports.onOrder = onMessagePublished('orders', go.onOrder);\n",
  );
  const config = JSON.parse(fs.readFileSync(path.join(project, 'firebase.json'), 'utf8'));
  config.emulators = { ...config.emulators, ...Object.fromEntries(Object.entries(PORTS).map(([name, port]) => [name, { host: '127.0.0.1', port }])) };
  fs.writeFileSync(path.join(project, 'firebase.json'), JSON.stringify(config, null, 2));

  const bin = path.join(scratch, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(path.join(repoRoot, 'bin', 'go-handoff.js'), path.join(bin, 'go-handoff'));
  env = { ...offlineEnvironment(path.join(scratch, 'config')), PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  functions = path.join(project, 'functions');
  execFileSync('cp', ['-a', firebase.functionsModules, path.join(functions, 'node_modules')]);
  const npm = (...args: string[]) => execFileSync('npm', args, { cwd: functions, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  npm('install', '--offline', '--no-audit', '--no-fund');
  npm('run', 'build');
  binary = fs.realpathSync(path.join(functions, 'go-handoff', 'handler'));
}, 180_000);

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
  it("loads the definitions, and each function's process becomes the Go binary serving that function", async () => {
    const running = await started();
    // Discovery read the exports through firebase-functions: it did not hand over.
    expect(running.output).toMatch(/Loaded functions definitions from source: hello, greet, onOrder\./);
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

  it('delivers a Pub/Sub CloudEvent (onMessagePublished) to the Go function', async () => {
    await started();
    // What Eventarc (and the Pub/Sub emulator) send a v2 Pub/Sub function, posted to the emulator's trigger route.
    const response = await fetch(`${base}/functions/projects/${PROJECT}/triggers/us-central1-onOrder-0`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': 'event-1',
        'ce-source': `//pubsub.googleapis.com/projects/${PROJECT}/topics/orders`,
        'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
        'ce-time': '2026-12-01T12:00:00Z',
      },
      body: JSON.stringify({ message: { data: Buffer.from('order 42').toString('base64'), messageId: 'm-1' }, subscription: `projects/${PROJECT}/subscriptions/orders` }),
    });
    const body = await response.text();
    // OnOrder refuses every order, naming what it decoded: 500, and the sender would retry.
    expect(response.status, body).toBe(500);
    expect(response.headers.get('x-google-status')).toBe('error');
    const refused = /^OnOrder in pid (\d+) refused "order 42" \(event event-1, google\.cloud\.pubsub\.topic\.v1\.messagePublished\)$/m.exec(body);
    expect(refused, body).not.toBeNull();
    expect(executableOf(Number(refused![1]))).toBe(binary);
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

function expectTheThreeFunctions(manifest: Manifest): void {
  expect(Object.keys(manifest.endpoints)).toEqual(['hello', 'greet', 'onOrder']);
  expect(manifest.endpoints.hello).toMatchObject({ entryPoint: 'hello', httpsTrigger: {} });
  expect(manifest.endpoints.greet).toMatchObject({ entryPoint: 'greet', httpsTrigger: {} });
  expect(manifest.endpoints.onOrder).toMatchObject({ entryPoint: 'onOrder', eventTrigger: { eventType: 'google.cloud.pubsub.topic.v1.messagePublished' } });
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
      expectTheThreeFunctions((await response.json()) as Manifest);
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
    expectTheThreeFunctions(JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest);
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
