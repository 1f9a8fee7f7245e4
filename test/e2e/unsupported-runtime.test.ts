// A Node.js or platform the loader cannot run on: the host keeps running, and
// every request gets a 500 naming what the loader found and what it runs on,
// logged once. A real old Node.js (8.17, as Cloud Functions' nodejs8 workers
// ran) under the lazy host; a platform other than Linux, and a Node-API older
// than 4, pretended by test/hosts/fake-runtime.cjs under the real hosts.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { repoRoot } from '../helpers/archives';
import { type HostNode, MACHINE_NODE, TOO_OLD_NODE } from '../helpers/host-nodes';
import { type HostProcess, stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost, startLazyHost } from '../helpers/hosts';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

const SUPPORTED = "go-handoff's loader runs on Linux with Node.js 10.16 or later (Node-API 4 or later)";

function pretending(env: { platform?: string; napi?: string }): NodeJS.ProcessEnv {
  return {
    NODE_OPTIONS: `--require ${path.join(repoRoot, 'test', 'hosts', 'fake-runtime.cjs')}`,
    ...(env.platform && { GO_HANDOFF_TEST_PLATFORM: env.platform }),
    ...(env.napi && { GO_HANDOFF_TEST_NAPI: env.napi }),
  };
}

/** Every request gets the same 500, the cause is logged once, and the host is still the Node.js it was, listening. */
async function expectRefusal(host: HostProcess, node: HostNode, code: string, says: string[]): Promise<void> {
  for (const route of ['/execute', '/', '/execute']) {
    const response = await fetch(host.url(route));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-go-handoff-error')).toBe(code);
    const body = await response.text();
    for (const text of says) expect(body).toContain(text);
  }
  expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
  expect(host.stderr).toContain(`[${code}] This is `);
  for (const text of says) expect(host.stderr).toContain(text);
  expect(executableOf(host.pid)).toBe(fs.realpathSync(node.path));
  expect(listeningSocketsOf(host.pid).map((s) => s.port)).toContain(host.port);
}

describe(`on ${TOO_OLD_NODE.label}, older than the loader runs on`, () => {
  it('keeps a lazy-loading worker serving 500s that say which Node.js it found and which it needs', async () => {
    const host = await startLazyHost(await unpackArchive('hello'), { node: TOO_OLD_NODE });
    // The worker answers its /load itself: the loader did not hand over.
    expect(await (await fetch(host.url('/load'), { method: 'POST' })).text()).toBe('User function is ready\n');
    const version = TOO_OLD_NODE.label.replace('Node.js ', '');
    await expectRefusal(host, TOO_OLD_NODE, 'ERR_GO_HANDOFF_NODE_VERSION', [
      `This is Node.js ${version} (Node-API 4) on linux; ${SUPPORTED}`,
      'nodejs22 or nodejs24',
      'nodejs22.x or nodejs24.x',
    ]);
  });
});

describe('with Node-API 3', () => {
  it('keeps functions-framework serving 500s that name the Node-API found and the one needed', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('hello'), { env: pretending({ napi: '3' }) });
    await expectRefusal(host, MACHINE_NODE, 'ERR_GO_HANDOFF_NODE_VERSION', [`This is Node.js ${process.version} (Node-API 3) on linux; ${SUPPORTED}`]);
  });
});

describe.each(['darwin', 'win32'])('on %s', (platform) => {
  it('keeps functions-framework serving 500s that say the loader runs on Linux', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('hello'), { env: pretending({ platform }) });
    await expectRefusal(host, MACHINE_NODE, 'ERR_GO_HANDOFF_PLATFORM', [
      `This is Node.js ${process.version} (Node-API ${process.versions.napi}) on ${platform}; ${SUPPORTED}`,
      '`make godev`',
    ]);
  });

  it('keeps a lazy-loading worker serving 500s', async () => {
    const host = await startLazyHost(await unpackArchive('hello'), { env: pretending({ platform }) });
    await fetch(host.url('/load'), { method: 'POST' });
    await expectRefusal(host, MACHINE_NODE, 'ERR_GO_HANDOFF_PLATFORM', [`on ${platform}; ${SUPPORTED}`]);
  });
});
