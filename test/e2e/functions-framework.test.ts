// function.zip under the real @google-cloud/functions-framework host: the
// Node.js process becomes the Go binary, same pid, same listening socket.
// The hand-over itself is tested on every Node.js the hosts run (22 and 24)
// besides this machine's; the rest of what Go does after it, here only.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { HOST_NODES } from '../helpers/host-nodes';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { freePort } from '../helpers/ports';
import { descriptorProfile, executableOf, listeningSocketsOf } from '../helpers/proc';
import { npmInstall, removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

describe.each(HOST_NODES)('under functions-framework on $label', (node) => {
  it('answers from Go on /execute and on /, in the process the host started', async () => {
    const dir = await unpackArchive('hello');
    npmInstall(dir);
    const host = await startFunctionsFrameworkHost(dir, { target: 'someEntryPoint', node });

    const execute = await fetch(host.url('/execute'));
    expect(execute.status).toBe(200);
    expect(await execute.text()).toBe('Hello from Go! You asked for /execute.\n');
    expect(await (await fetch(host.url('/'))).text()).toBe('Hello from Go! You asked for /.\n');

    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(listeningSocketsOf(host.pid)).toEqual([{ fd: expect.any(Number), port: host.port }]);
  });

  it('leaves nothing of Node.js behind: the descriptors are those of the Go binary run alone', async () => {
    const dir = await unpackArchive('probe');
    const host = await startFunctionsFrameworkHost(dir, { node });
    expect(await (await fetch(host.url('/pid'))).text()).toBe(String(host.pid));

    const port = await freePort();
    const alone = track(new HostProcess(spawn(path.join(dir, 'handler'), [], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] }), port));
    await alone.ready();
    await fetch(alone.url('/'));

    expect(descriptorProfile(host.pid)).toEqual(descriptorProfile(alone.pid, process.pid));
    expect(descriptorProfile(host.pid)).not.toContain('anon_inode:[io_uring]');
    expect(listeningSocketsOf(host.pid)).toHaveLength(1);
  });
});

describe('under functions-framework', () => {
  it('passes the function its environment and the host options', async () => {
    const dir = await unpackArchive('probe');
    const host = await startFunctionsFrameworkHost(dir, { target: 'myTarget', env: { PROBE_VALUE: 'from the host' } });
    const env = async (name: string) => (await fetch(host.url(`/env?name=${name}`))).text();
    expect(await env('PROBE_VALUE')).toBe('from the host');
    expect(await env('GO_HANDOFF_TARGET')).toBe('myTarget');
    expect(await env('GO_HANDOFF_HOST')).toBe('functions-framework');
    // The socket-activation variables are for the SDK alone, and gone once read.
    expect(await env('LISTEN_FDS')).toBe('');
  });

  it("sends the Go function's stdout and stderr to the host's", async () => {
    const dir = await unpackArchive('probe');
    const host = await startFunctionsFrameworkHost(dir);
    await fetch(host.url('/stdout?msg=to-stdout'));
    await fetch(host.url('/stderr?msg=to-stderr'));
    await host.output('probe stdout: to-stdout', 'stdout');
    await host.output('probe stderr: to-stderr', 'stderr');
    // The loader's line comes first, in the same stream: one output, Node's then Go's.
    expect(host.stdout.indexOf('becomes')).toBeLessThan(host.stdout.indexOf('probe stdout'));
  });

  it('keeps state in package variables from one request to the next', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('state'));
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await (await fetch(host.url('/execute'))).text());
    expect(answers).toEqual(['call 1\n', 'call 2\n', 'call 3\n']);
  });

  it('reads secrets from <dir>/<name>/<key>, refusing names that leave the folder', async () => {
    const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-secrets-'));
    fs.mkdirSync(path.join(secrets, 'db'));
    fs.writeFileSync(path.join(secrets, 'db', 'password'), 's3cret');
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'), { env: { GO_HANDOFF_SECRETS_DIR: secrets } });
    expect(await (await fetch(host.url('/secret?name=db&key=password'))).text()).toBe('s3cret');
    const escape = await fetch(host.url('/secret?name=..&key=etc'));
    expect(escape.status).toBe(500);
    expect(await escape.text()).toMatch(/secret name "\.\." is not allowed/);
    fs.rmSync(secrets, { recursive: true });
  });

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    const dir = await unpackArchive('probe');
    const host = await startFunctionsFrameworkHost(dir);
    const slow = fetch(host.url('/slow?ms=700'));
    await host.output('probe slow: started', 'stdout');
    process.kill(host.pid, 'SIGTERM');
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('probe: GET /slow\n');
    expect(await host.exited).toEqual({ code: 0, signal: null });
  });
});
