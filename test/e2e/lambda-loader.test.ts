// On AWS Lambda's Node.js runtime the loader is required at init with
// AWS_LAMBDA_RUNTIME_API set and no socket to hand over: it execs at once,
// and the Go side polls the Runtime API instead of listening anywhere.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';
import { RuntimeApiEmulator } from '../hosts/lambda-runtime-api';

let api: RuntimeApiEmulator | undefined;

afterEach(async () => {
  await stopAllHosts();
  await api?.close();
  removeUnpacked();
});

describe('with AWS_LAMBDA_RUNTIME_API set', () => {
  it('execs the Go binary as soon as index.js is required, handing over no socket, and polls the Runtime API', async () => {
    api = await RuntimeApiEmulator.start();
    const dir = await unpackArchive('probe');
    // As the runtime does: require the handler module at init, then call index.<name>.
    const runtime = `const handler = require(${JSON.stringify(path.join(dir, 'index.js'))}).handler; console.log('still Node', typeof handler);`;
    const child = spawn(process.execPath, ['-e', runtime], {
      // PORT is set to show it is not used: on Lambda nothing listens.
      env: { ...process.env, AWS_LAMBDA_RUNTIME_API: api.address, PORT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const host = track(new HostProcess(child, 0));
    await host.output('becomes', 'stdout');
    await api.polling();
    expect(host.stdout).not.toContain('still Node');
    expect(host.stdout).toContain('(lambda, no sockets)');
    expect(host.stderr).toContain(`go-handoff: serving http invocations from the Lambda Runtime API at ${api.address} (pid ${child.pid})`);
    expect(executableOf(child.pid!)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(listeningSocketsOf(child.pid!)).toEqual([]);
    expect(api.nextCalls).toBe(1);
  });
});
