// On AWS Lambda's Node.js runtime the loader is required at init with
// AWS_LAMBDA_RUNTIME_API set and no socket to hand over: it execs at once.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { freePort } from '../helpers/ports';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

describe('with AWS_LAMBDA_RUNTIME_API set', () => {
  it('execs the Go binary as soon as index.js is required, handing over no socket', async () => {
    const dir = await unpackArchive('probe');
    const port = await freePort();
    // As the runtime does: require the handler module at init, then call index.<name>.
    const runtime = `const handler = require(${JSON.stringify(path.join(dir, 'index.js'))}).handler; console.log('still Node', typeof handler);`;
    const child = spawn(process.execPath, ['-e', runtime], {
      env: { ...process.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const host = track(new HostProcess(child, port));
    await host.output('becomes', 'stdout');
    await host.output('go-handoff: serving on', 'stderr');
    expect(host.stdout).not.toContain('still Node');
    expect(host.stdout).toContain('(lambda, no sockets)');
    expect(executableOf(child.pid!)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    // Nothing was handed over: the only listener is one Go opened itself.
    expect(host.stderr).toMatch(/opened on \$PORT/);
    expect(listeningSocketsOf(child.pid!).map((s) => s.port)).toEqual([port]);
  });
});
