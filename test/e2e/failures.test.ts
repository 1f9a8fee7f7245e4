// When the hand-over cannot happen, the host stays up and every request gets
// a 500 that names the cause; the cause is logged once.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { repoRoot } from '../helpers/archives';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost, startLazyHost } from '../helpers/hosts';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
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
  { name: 'binary mode 0644', code: 'EACCES', says: /the Go binary \S+handler is not executable \(mode 0644\)/i, breakIt: (binary) => fs.chmodSync(binary, 0o644) },
  {
    name: 'a text file',
    code: 'ENOEXEC',
    says: /\S+handler is not a program: it starts with "hello, I am not a progra"/i,
    breakIt: (binary) => fs.writeFileSync(binary, 'hello, I am not a program\n', { mode: 0o755 }),
  },
  {
    name: 'a binary for another architecture',
    code: 'ENOEXEC',
    says: /the Go binary \S+handler is built for arm64, but this host runs x64/i,
    breakIt: (binary) =>
      execFileSync(process.execPath, ['dist/cli.js', 'build', 'go/function', '--arch', 'arm64', '--output', binary], { cwd: repoRoot, stdio: 'ignore' }),
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

describe.each(BREAKAGES)('with $name', ({ code, says, breakIt }) => {
  it('keeps functions-framework serving 500s that name the cause, logged once', async () => {
    const dir = await unpackArchive('hello');
    breakIt(path.join(dir, 'handler'));
    const host = await startFunctionsFrameworkHost(dir);

    for (const route of ['/execute', '/', '/execute']) {
      const response = await fetch(host.url(route));
      expect(response.status).toBe(500);
      expect(response.headers.get('x-go-handoff-error')).toBe(code);
      expect(await response.text()).toMatch(says);
    }
    expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    expect(host.stderr).toMatch(says);
    // Still Node, still holding its socket.
    expect(executableOf(host.pid)).toBe(process.execPath);
    expect(listeningSocketsOf(host.pid).map((s) => s.port)).toContain(host.port);
  });

  it('keeps a lazy-loading worker serving 500s', async () => {
    const dir = await unpackArchive('hello');
    breakIt(path.join(dir, 'handler'));
    const host = await startLazyHost(dir);
    await fetch(host.url('/load'), { method: 'POST' });
    const response = await fetch(host.url('/execute'));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(says);
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
