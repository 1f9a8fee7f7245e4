// When the hand-over cannot happen, the host stays up and every request gets
// a 500 that names the cause; the cause is logged once. (A binary that lost
// its executable mode is repaired instead: lost-modes.test.ts.) Each failure is
// tested on this machine's Node.js; the addon missing, the binary missing,
// the binary for another architecture, and execve failing (after which the
// addon must give Node.js back every descriptor libuv had) also on every
// Node.js the hosts run.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { repoRoot } from '../helpers/archives';
import { HOST_NODES, MACHINE_NODE } from '../helpers/host-nodes';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost, startLazyHost } from '../helpers/hosts';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

/** go/function built for arm64 once, for every test that needs a binary for another architecture. */
let arm64Dir: string | undefined;
function arm64Binary(): string {
  if (!arm64Dir) {
    arm64Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-test-arm64-'));
    execFileSync(process.execPath, ['dist/cli.js', 'build', 'go/function', '--arch', 'arm64', '--output', path.join(arm64Dir, 'handler')], { cwd: repoRoot, stdio: 'ignore' });
  }
  return path.join(arm64Dir, 'handler');
}
afterAll(() => {
  if (arm64Dir) fs.rmSync(arm64Dir, { recursive: true, force: true });
});

/** Each broken archive, how it is broken (given the path of its Go binary), and what the answer must say. */
const BREAKAGES: { name: string; code: string; says: RegExp; breakIt: (binary: string) => void }[] = [
  {
    name: 'the addon missing',
    code: 'ERR_GO_HANDOFF_ADDON',
    says: /cannot load go-handoff's addon for linux-x64 .*Tried:.*\S+prebuilds\/linux-x64\/handoff\.node: not there/is,
    breakIt: (binary) => fs.rmSync(path.join(path.dirname(binary), 'prebuilds'), { recursive: true }),
  },
  { name: 'binary missing', code: 'ENOENT', says: /the Go binary \S+handler does not exist/i, breakIt: (binary) => fs.rmSync(binary) },
  {
    name: 'a text file',
    code: 'ENOEXEC',
    says: /\S+handler is not a program: it is text, not an ELF program or a script/i,
    breakIt: (binary) => fs.writeFileSync(binary, 'hello, I am not a program\n', { mode: 0o755 }),
  },
  {
    name: 'a binary for another architecture',
    code: 'ENOEXEC',
    says: /the Go binary \S+handler is built for arm64, but this host runs x64/i,
    breakIt: (binary) => fs.copyFileSync(arm64Binary(), binary),
  },
  {
    // Passes every check before exec, fails in execve itself: the addon must
    // put every descriptor back for Node to go on serving.
    name: 'a script whose interpreter is missing',
    code: 'ENOENT',
    says: /Could not exec the Go binary \S+handler: ENOENT: No such file or directory, execve/,
    breakIt: (binary) => fs.writeFileSync(binary, '#!/nonexistent/interpreter\n', { mode: 0o755 }),
  },
];

/** The failures tested on every Node.js the hosts run, not only on this machine's. */
const ON_EVERY_NODE = ['the addon missing', 'binary missing', 'a binary for another architecture', 'a script whose interpreter is missing'];

const CASES = BREAKAGES.flatMap((breakage) =>
  HOST_NODES.filter((node) => node === MACHINE_NODE || ON_EVERY_NODE.includes(breakage.name)).map((node) => ({ ...breakage, node, on: node.label })),
);

describe.each(CASES)('with $name on $on', ({ code, says, breakIt, node }) => {
  it('keeps functions-framework serving 500s that name the cause, logged once', async () => {
    const dir = await unpackArchive('hello');
    breakIt(path.join(dir, 'handler'));
    const host = await startFunctionsFrameworkHost(dir, { node });

    for (const route of ['/execute', '/', '/execute']) {
      const response = await fetch(host.url(route));
      expect(response.status).toBe(500);
      expect(response.headers.get('x-go-handoff-error')).toBe(code);
      expect(await response.text()).toMatch(says);
    }
    expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    expect(host.stderr).toMatch(says);
    // Still Node, still holding its socket.
    expect(executableOf(host.pid)).toBe(fs.realpathSync(node.path));
    expect(listeningSocketsOf(host.pid).map((s) => s.port)).toContain(host.port);
  });

  it('keeps a lazy-loading worker serving 500s', async () => {
    const dir = await unpackArchive('hello');
    breakIt(path.join(dir, 'handler'));
    const host = await startLazyHost(dir, { node });
    await fetch(host.url('/load'), { method: 'POST' });
    const response = await fetch(host.url('/execute'));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(says);
  });
});

// What a client learns from a failed hand-over in production: the code
// alone; the story is in the log, and no byte of the user's file is in either.
describe('in production', () => {
  const SECRET = 'API_KEY=sk_live_51Habc0123456789\nDB_PASSWORD=hunter2\n';
  const plainBody = (code: string) => `Internal Server Error: the function could not start [${code}]; its log says why.\n`;
  const PRODUCTIONS: { name: string; env: NodeJS.ProcessEnv }[] = [
    { name: 'NODE_ENV=production, as Cloud Functions sets it', env: { NODE_ENV: 'production' } },
    { name: 'GO_HANDOFF_ERRORS=plain', env: { GO_HANDOFF_ERRORS: 'plain' } },
  ];
  const CAUSES: { name: string; code: string; logged: RegExp; breakIt: (binary: string) => void }[] = [
    { name: 'the binary missing', code: 'ENOENT', logged: /the Go binary \S+handler does not exist.*GO_HANDOFF_BINARY/i, breakIt: (binary) => fs.rmSync(binary) },
    {
      name: 'the addon missing',
      code: 'ERR_GO_HANDOFF_ADDON',
      logged: /cannot load go-handoff's addon for linux-x64 \(Node\.js v[\d.]+, Node-API \d+\)/i,
      breakIt: (binary) => fs.rmSync(path.join(path.dirname(binary), 'prebuilds'), { recursive: true }),
    },
    { name: 'a .env file in place of the binary', code: 'ENOEXEC', logged: /\S+handler is not a program: it is text/, breakIt: (binary) => fs.writeFileSync(binary, SECRET, { mode: 0o755 }) },
  ];

  describe.each(PRODUCTIONS)('with $name', ({ env }) => {
    it.each(CAUSES)('answers $name with a plain 500 and its code, and logs the cause once', async ({ code, logged, breakIt }) => {
      const dir = await unpackArchive('hello');
      breakIt(path.join(dir, 'handler'));
      const host = await startFunctionsFrameworkHost(dir, { env });
      for (const route of ['/execute', '/']) {
        const response = await fetch(host.url(route));
        expect(response.status).toBe(500);
        expect(response.headers.get('x-go-handoff-error')).toBe(code);
        const body = await response.text();
        expect(body).toBe(plainBody(code));
        for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toMatch(/\/tmp|handler|Node-API|sk_live/);
      }
      expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
      expect(host.stderr).toMatch(logged);
      expect(host.stdout + host.stderr).not.toMatch(/sk_live|hunter2|API_KEY/);
    });
  });

  it('tells a lazy-loading worker\'s clients the code alone too', async () => {
    const dir = await unpackArchive('hello');
    fs.rmSync(path.join(dir, 'handler'));
    const host = await startLazyHost(dir, { env: { NODE_ENV: 'production' } });
    await fetch(host.url('/load'), { method: 'POST' });
    const response = await fetch(host.url('/execute'));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(plainBody('ENOENT'));
  });

  it('GO_HANDOFF_ERRORS=detailed brings the details back, and still no byte of the file', async () => {
    const dir = await unpackArchive('hello');
    fs.writeFileSync(path.join(dir, 'handler'), SECRET, { mode: 0o755 });
    const host = await startFunctionsFrameworkHost(dir, { env: { NODE_ENV: 'production', GO_HANDOFF_ERRORS: 'detailed' } });
    const body = await (await fetch(host.url('/execute'))).text();
    expect(body).toMatch(/\S+handler is not a program: it is text, not an ELF program/);
    expect(body + host.stdout + host.stderr).not.toMatch(/sk_live|hunter2|API_KEY/);
  });
});

describe('loaded in a worker thread', () => {
  it('refuses to exec (it would end every thread) and says so', async () => {
    const dir = await unpackArchive('hello');
    const script = `
      const { Worker } = require('worker_threads');
      const worker = new Worker('require(process.argv[2])', { eval: true, argv: [${JSON.stringify(path.join(dir, 'index.js'))}] });
      worker.on('exit', () => console.log('still Node after the worker'));`;
    // FUNCTION_TARGET: a process that serves (elsewhere the loader stays quiet, see serving.ts).
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, FUNCTION_TARGET: 'helloWorld' } });
    expect(result.stdout).toContain('still Node after the worker');
    expect(result.stderr).toMatch(/ERR_GO_HANDOFF_WORKER_THREAD.*Load it from the main thread/);
  });
});

describe('GO_HANDOFF_BINARY', () => {
  it('overrides which binary the loader execs', async () => {
    const hello = await unpackArchive('hello');
    const probe = await unpackArchive('probe');
    const host = await startFunctionsFrameworkHost(hello, { env: { GO_HANDOFF_BINARY: path.join(probe, 'handler') } });
    expect(await (await fetch(host.url('/execute'))).text()).toBe('probe: GET /execute\n');
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(probe, 'handler')));
  });
});
