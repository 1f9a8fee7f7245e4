// function.zip launched exactly as Cloud Functions launches a Node.js
// function, following its buildpack: GoogleCloudPlatform/buildpacks,
// cmd/nodejs/functions_framework/lib/lib.go (BuildFn), with
// pkg/gcpbuildpack's SetFunctionsEnvVars and AddWebProcess; the details are
// in test/helpers/cloud-functions.ts. functions-framework comes from a layer
// of its own, at the version the buildpack's converter lock pins (3.5.1, not
// the 5.x the other tests run), the target only as FUNCTION_TARGET, Node.js's
// heap bounded by --max-old-space-size in NODE_OPTIONS, and the web process
// is the layer's bin symlink with no argument. The usual and the early
// hand-over serve from the Go binary, one function and a package of several;
// a JavaScript function launched the same way stays Node.js. Each is checked
// by the process that holds the listening socket.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { buildAsCloudFunctions, type CloudFunctionsLaunch, launchAsCloudFunctions, layerFrameworkVersion } from '../helpers/cloud-functions';
import { type HostProcess, stopAllHosts } from '../helpers/host-process';
import { executableOf, pidsListeningOn } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

const EARLY = '--require ./index.js';

/** The archive unpacked as the source of a deployment, and built as the buildpack builds it. */
async function deployed(archive: 'probe' | 'first-generation'): Promise<string> {
  const app = await unpackArchive(archive);
  buildAsCloudFunctions(app);
  return app;
}

/** The process that serves the port is the one the launcher started, and it runs the Go binary. */
function expectServedByGo(host: HostProcess, app: string): void {
  expect(pidsListeningOn(host.port)).toEqual([host.pid]);
  expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(app, 'handler')));
}

describe(`Cloud Functions' launch (functions-framework ${layerFrameworkVersion()} from its own layer)`, () => {
  describe.each(['direct', 'bash'] as const)('the web process %s', (form) => {
    const launch = (target: string, more: Partial<CloudFunctionsLaunch> = {}): CloudFunctionsLaunch => ({ target, form, ...more });

    it('hands over when the host listens: one function, FUNCTION_TARGET only', async () => {
      const app = await deployed('probe');
      const host = await (await launchAsCloudFunctions(app, launch('probeTarget', { signatureType: 'http' }))).handedOver();
      expect(await (await fetch(host.url('/pid'))).text()).toBe(String(host.pid));
      expectServedByGo(host, app);
      expect(host.stdout).toContain(`go-handoff: pid ${host.pid} becomes ${path.join(app, 'handler')} (functions-framework, http `);
      const env = async (name: string) => (await fetch(host.url(`/env?name=${name}`))).text();
      // No flags: what Go knows of its target, it has from the platform's variables.
      expect(await env('GO_HANDOFF_TARGET')).toBe('');
      expect(await env('FUNCTION_TARGET')).toBe('probeTarget');
      expect(await env('NODE_OPTIONS')).toBe('--max-old-space-size=192');
      // The 256 MiB instance reaches Go's memory limit through the buildpack's flag.
      expect(host.stdout).toMatch(/"message":"go-handoff: Go's memory limit is 192 MiB: the instance has 256 MiB, from --max-old-space-size=192 in NODE_OPTIONS/);
      expect(await host.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    });

    it("hands over early with the user's NODE_OPTIONS=--require ./index.js behind the buildpack's flag", async () => {
      const app = await deployed('probe');
      const host = await (await launchAsCloudFunctions(app, launch('probeTarget', { nodeOptions: EARLY }))).handedOver();
      expect(await (await fetch(host.url('/pid'))).text()).toBe(String(host.pid));
      expectServedByGo(host, app);
      expect(host.stdout).toContain(`go-handoff: pid ${host.pid} becomes ${path.join(app, 'handler')} (early, no sockets)`);
      expect(await (await fetch(host.url('/env?name=NODE_OPTIONS'))).text()).toBe(`--max-old-space-size=192 ${EARLY}`);
      // None of functions-framework's code ran.
      expect(host.stdout).not.toMatch(/Serving function/);
    });
  });

  it.each([
    { how: 'usual', nodeOptions: undefined },
    { how: 'early', nodeOptions: EARLY },
  ])('serves the function FUNCTION_TARGET names from a package of several ($how hand-over)', async ({ nodeOptions }) => {
    const app = await deployed('first-generation');
    const get = await (await launchAsCloudFunctions(app, { target: 'HelloGet', signatureType: 'http', nodeOptions })).handedOver();
    expect(await (await fetch(get.url('/'))).text()).toBe('Hello, World!');
    expectServedByGo(get, app);
    await get.stop();

    const http = await (await launchAsCloudFunctions(app, { target: 'HelloHTTP', signatureType: 'http', nodeOptions })).handedOver();
    expect(await (await fetch(http.url('/'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"Cloud"}' })).text()).toBe('Hello, Cloud!');
    expectServedByGo(http, app);
    await http.stop();

    // A background function: the signature type comes from the platform too.
    const pubsub = await (await launchAsCloudFunctions(app, { target: 'HelloPubSub', signatureType: 'event', nodeOptions })).handedOver();
    const event = {
      context: { eventId: '1001', timestamp: '2024-03-04T05:06:07.890Z', eventType: 'google.pubsub.topic.publish', resource: { service: 'pubsub.googleapis.com', name: 'projects/p/topics/t' } },
      data: { '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', data: Buffer.from('Launch').toString('base64') },
    };
    const answer = await fetch(pubsub.url('/'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
    expect(answer.status).toBe(200);
    await pubsub.output('Hello, Launch!', 'stdout');
    expectServedByGo(pubsub, app);
  });

  it('leaves a JavaScript function launched the same way to Node.js', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-test-js-'));
    try {
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'js-function', version: '1.0.0', main: 'index.js' }));
      fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ name: 'js-function', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'js-function', version: '1.0.0' } } }));
      fs.writeFileSync(path.join(app, 'index.js'), "exports.helloJs = (req, res) => res.send(`JavaScript in pid ${process.pid}`);\n");
      buildAsCloudFunctions(app);
      const host = await launchAsCloudFunctions(app, { target: 'helloJs', signatureType: 'http' });
      expect(await (await fetch(host.url('/'))).text()).toBe(`JavaScript in pid ${host.pid}`);
      expect(pidsListeningOn(host.port)).toEqual([host.pid]);
      expect(executableOf(host.pid)).toBe(fs.realpathSync(process.execPath));
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  });
});
