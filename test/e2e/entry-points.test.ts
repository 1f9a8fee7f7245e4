// One archive, many functions: the host's target picks the one served.
// test/fixtures/first-generation has the shape of Google's first-generation
// sample functions/helloworld (exported functions, no main, one function
// registered through functions-framework-go in init, a go.mod requiring
// cloud.google.com/go/functions), built as written and served from its
// unpacked archive under the real functions-framework host with --target,
// FUNCTION_TARGET and --signature-type, as Cloud Functions deploys one
// source many times.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { archivePath, repoRoot } from '../helpers/archives';
import { killGroups, runCli, startCli } from '../helpers/cli';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  killGroups();
  await stopAllHosts();
  removeUnpacked();
});

const FUNCTIONS = 'EventMetadata, HelloGCS, HelloGet, HelloHTTP, HelloLogging, HelloPubSub';

const PUBSUB_RESOURCE = { service: 'pubsub.googleapis.com', name: 'projects/demo/topics/greetings', type: 'type.googleapis.com/google.pubsub.v1.PubsubMessage' };

/** A legacy background event, as Cloud Functions' first generation sends it. */
function legacyPubSub(id: string, name: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      context: { eventId: id, timestamp: '2024-03-04T05:06:07.890Z', eventType: 'google.pubsub.topic.publish', resource: PUBSUB_RESOURCE },
      data: { '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', data: Buffer.from(name).toString('base64'), attributes: {} },
    }),
  };
}

/** The same Pub/Sub message as a binary-mode CloudEvent, as Eventarc sends it. */
function cloudEventPubSub(id: string, name: string): RequestInit {
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'ce-id': id,
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': '//pubsub.googleapis.com/projects/demo/topics/greetings',
      'ce-time': '2024-03-04T05:06:07.890Z',
    },
    body: JSON.stringify({ message: { data: Buffer.from(name).toString('base64'), messageId: id }, subscription: 'projects/demo/subscriptions/s' }),
  };
}

/** Waits for a line in the host's output, whichever stream it went to. */
async function logged(host: HostProcess, text: string, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = (host.stdout + host.stderr).split('\n').find((l) => l.includes(text));
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`the host never logged ${JSON.stringify(text)}:\n${host.stdout}\n${host.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectGo(host: HostProcess, dir: string): void {
  expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
}

describe('entry points: one archive, the host picks the function', () => {
  it('serves the function --target names, from the same archive each time', async () => {
    const dir = await unpackArchive('first-generation');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(manifest.goHandoff.functions.join(', ')).toBe(FUNCTIONS);

    const get = await startFunctionsFrameworkHost(dir, { target: 'HelloGet' });
    expect(await (await fetch(get.url('/'))).text()).toBe('Hello, World!');
    expectGo(get, dir);
    await get.stop();

    // functions/helloworld's documented answers: a name in a JSON body, else the world.
    const http = await startFunctionsFrameworkHost(dir, { target: 'HelloHTTP' });
    const named = await fetch(http.url('/'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"Ada <3"}' });
    expect(await named.text()).toBe('Hello, Ada &lt;3!');
    expect(await (await fetch(http.url('/execute'))).text()).toBe('Hello, World!');
    expectGo(http, dir);
    await http.stop();

    // The sample registers one function through functions-framework-go, beside the exported ones.
    const registered = await startFunctionsFrameworkHost(dir, { target: 'HelloLogging' });
    expect(await (await fetch(registered.url('/'))).text()).toBe('logged');
    await registered.output('This is stdout', 'stdout');
    await registered.output('This is stderr', 'stderr');
    expectGo(registered, dir);
  });

  it('serves the function FUNCTION_TARGET names when functions-framework has no --target; --target wins over it', async () => {
    const dir = await unpackArchive('first-generation');
    const fromEnv = await startFunctionsFrameworkHost(dir, { target: null, env: { FUNCTION_TARGET: 'HelloHTTP' } });
    const answer = await fetch(fromEnv.url('/'), { method: 'POST', body: '{"name":"Env"}' });
    expect(await answer.text()).toBe('Hello, Env!');
    expectGo(fromEnv, dir);
    await fromEnv.stop();

    const both = await startFunctionsFrameworkHost(dir, { target: 'HelloGet', env: { FUNCTION_TARGET: 'HelloHTTP' } });
    expect(await (await fetch(both.url('/'), { method: 'POST', body: '{"name":"Env"}' })).text()).toBe('Hello, World!');
  });

  it('gives a background function the data of a legacy event and of a CloudEvent alike', async () => {
    const dir = await unpackArchive('first-generation');
    const host = await startFunctionsFrameworkHost(dir, { target: 'HelloPubSub' });

    const legacy = await fetch(host.url('/'), legacyPubSub('1001', 'Legacy'));
    expect(legacy.status).toBe(200);
    await logged(host, 'Hello, Legacy!');

    const cloudEvent = await fetch(host.url('/'), cloudEventPubSub('1002', 'CloudEvent'));
    expect(cloudEvent.status).toBe(200);
    await logged(host, 'Hello, CloudEvent!');

    // Not an event: 400 saying so; the process goes on serving.
    const notAnEvent = await fetch(host.url('/'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}' });
    expect(notAnEvent.status).toBe(400);
    expect(await notAnEvent.text()).toMatch(/the request is not an event/);
    expect((await fetch(host.url('/'), legacyPubSub('1003', 'Again'))).status).toBe(200);
    await logged(host, 'Hello, Again!');
    expectGo(host, dir);
  });

  it('answers a background function error with 500 and X-Google-Status: error; a Storage CloudEvent reaches it as the object', async () => {
    const dir = await unpackArchive('first-generation');
    const host = await startFunctionsFrameworkHost(dir, { target: 'HelloGCS' });
    const storage = (name: string): RequestInit => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0',
        id: `gcs-${name}`,
        type: 'google.cloud.storage.object.v1.finalized',
        source: '//storage.googleapis.com/projects/_/buckets/photos',
        subject: `objects/${name}`,
        time: '2024-03-04T05:06:07Z',
        datacontenttype: 'application/json',
        data: { bucket: 'photos', name, metageneration: '1' },
      }),
    });
    expect((await fetch(host.url('/'), storage('cat.jpg'))).status).toBe(200);
    await logged(host, 'File cat.jpg created in photos.');

    const failed = await fetch(host.url('/'), storage('fail'));
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-google-status')).toBe('error');
    expect(await failed.text()).toMatch(/cannot handle an object named fail/);
  });

  it('gives cloud.google.com/go/functions/metadata.FromContext the event id, timestamp, type and resource', async () => {
    const dir = await unpackArchive('first-generation');
    const host = await startFunctionsFrameworkHost(dir, { target: 'EventMetadata' });
    const seen = async (init: RequestInit, id: string) => {
      expect((await fetch(host.url('/'), init)).status).toBe(200);
      const line = await logged(host, `"eventId":"${id}"`);
      return JSON.parse(line.slice(line.indexOf('metadata: ') + 'metadata: '.length));
    };
    const want = (id: string, data: string) => ({
      eventId: id,
      timestamp: '2024-03-04T05:06:07.89Z',
      eventType: 'google.pubsub.topic.publish',
      resource: { ...PUBSUB_RESOURCE, rawPath: '' },
      data,
    });
    expect(await seen(legacyPubSub('2001', 'legacy'), '2001')).toEqual(want('2001', 'legacy'));
    // A CloudEvent is converted to the legacy event first: the same metadata.
    expect(await seen(cloudEventPubSub('2002', 'cloudevent'), '2002')).toEqual(want('2002', 'cloudevent'));

    // A legacy event whose resource is a string (Cloud Storage notifications, Firebase): RawPath.
    const flat = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ eventId: '2003', timestamp: '2024-03-04T05:06:07Z', eventType: 'providers/cloud.pubsub/eventTypes/topic.publish', resource: 'projects/demo/topics/t', data: { data: 'ZmxhdA==' } }),
    };
    expect(await seen(flat, '2003')).toEqual({
      eventId: '2003',
      timestamp: '2024-03-04T05:06:07Z',
      eventType: 'providers/cloud.pubsub/eventTypes/topic.publish',
      resource: { service: '', name: '', type: '', rawPath: 'projects/demo/topics/t' },
      data: 'flat',
    });
  });

  it('lets the signature type decide func(ctx, T) error: --signature-type=http makes it typed JSON', async () => {
    const dir = await unpackArchive('first-generation');
    const host = await startFunctionsFrameworkHost(dir, { target: 'HelloPubSub', signatureType: 'http' });
    // The body itself is the PubSubMessage now, not an event's data.
    const typed = await fetch(host.url('/'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: Buffer.from('Typed').toString('base64') }) });
    expect(typed.status).toBe(200);
    await logged(host, 'Hello, Typed!');
    await logged(host, 'serving HelloPubSub as a typed JSON function (signature type http)');
    await host.stop();

    const event = await startFunctionsFrameworkHost(dir, { target: 'HelloPubSub', env: { FUNCTION_SIGNATURE_TYPE: 'event' } });
    expect((await fetch(event.url('/'), legacyPubSub('3001', 'Event'))).status).toBe(200);
    await logged(event, 'Hello, Event!');
  });

  it('answers 500 naming a wrong target and the functions that exist, logs it once, and keeps serving', async () => {
    const dir = await unpackArchive('first-generation');
    const host = await startFunctionsFrameworkHost(dir, { target: 'HelloWorld' });
    const message = `go-handoff: the target "HelloWorld" names no function of this package; its functions are: ${FUNCTIONS}; name one of them as the target`;
    for (const url of ['/', '/execute', '/other']) {
      const answer = await fetch(host.url(url), { method: 'POST', body: '{}' });
      expect(answer.status).toBe(500);
      expect(await answer.text()).toContain(message);
    }
    expectGo(host, dir);
    // Logged once, at start, not once per request.
    const output = host.stdout + host.stderr;
    expect(output.split(`the target "HelloWorld" names no function`).length - 1).toBe(1);

    // No target at all, and no Handle: the same 500, saying so.
    const none = await startFunctionsFrameworkHost(dir, { target: null });
    const answer = await fetch(none.url('/'));
    expect(answer.status).toBe(500);
    expect(await answer.text()).toContain(`no target was given, and the package has no func Handle and several functions: ${FUNCTIONS}`);
  });

  it('answers a wrong target with its code alone in production, and logs the names', async () => {
    const dir = await unpackArchive('first-generation');
    const host = await startFunctionsFrameworkHost(dir, { target: 'HelloWorld', env: { NODE_ENV: 'production' } });
    const answer = await fetch(host.url('/'), { method: 'POST', body: '{}' });
    expect(answer.status).toBe(500);
    expect(answer.headers.get('x-go-handoff-error')).toBe('ERR_GO_HANDOFF_TARGET');
    expect(await answer.text()).toBe('Internal Server Error: the function could not start [ERR_GO_HANDOFF_TARGET]; its log says why.\n');
    expectGo(host, dir);
    await logged(host, `the target "HelloWorld" names no function of this package; its functions are: ${FUNCTIONS}`);
  });

  it('still serves a package with one function whatever the entry point is called', async () => {
    // The eawsy seed has only Handle, and no main: archives deployed under
    // any entry point keep working.
    const dir = await unpackArchive('eawsy-hello');
    const host = await startFunctionsFrameworkHost(dir, { target: 'whateverTheDeployerChose' });
    expect(await (await fetch(host.url('/execute'), { method: 'POST', body: '{}' })).text()).toBe('"Hello, World!"');
    await logged(host, 'the target "whateverTheDeployerChose" names no function; serving Handle, the only one there is');
  });
});

describe('entry points in the CLI', () => {
  it('`go-handoff serve --target` and `make test TARGET=` pass the target on to the host', async () => {
    const port = await freePort();
    const cli = track(new HostProcess(startCli(['serve', archivePath('first-generation'), '--target', 'HelloGet', '--port', String(port)]), port));
    await cli.output(`at http://localhost:${port}/execute`, 'stdout', 60_000);
    expect(await (await fetch(cli.url('/'))).text()).toBe('Hello, World!');
    killGroups();

    const wrong = runCli(['serve', archivePath('first-generation'), '--signature-type', 'pubsub']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--signature-type pubsub is not one of http, event, cloudevent, typed');

    const makePort = await freePort();
    const name = `test-entry-points-${process.pid}`;
    try {
      const make = spawn('make', ['--no-print-directory', 'test', 'FUNCTION=test/fixtures/first-generation', `PACKAGE=${name}`, 'TARGET=HelloHTTP', `PORT=${makePort}`], {
        cwd: repoRoot,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const host = track(new HostProcess(make, makePort));
      await host.output(`http://localhost:${makePort}/execute`, 'stdout', 120_000);
      expect(await (await fetch(host.url('/'), { method: 'POST', body: '{"name":"Make"}' })).text()).toBe('Hello, Make!');
      process.kill(-make.pid!, 'SIGINT');
      await host.exited;
    } finally {
      fs.rmSync(path.join(repoRoot, `${name}.zip`), { force: true });
    }
  });

  it('fails the build when --target names no function, with the message the binary would answer', () => {
    const result = runCli(['package', 'test/fixtures/first-generation', '--target', 'HelloWorld', '--output', path.join(repoRoot, '.cache', 'never-written.zip')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`the target "HelloWorld" names no function of this package; its functions are: ${FUNCTIONS}; name one of them as the target: functions-framework's --target`);
    expect(fs.existsSync(path.join(repoRoot, '.cache', 'never-written.zip'))).toBe(false);
  });

  it('says what the build offers, and names --target when a package has nothing to serve', () => {
    const built = runCli(['build', 'test/fixtures/first-generation', '--target', 'HelloGCS', '--output', path.join(repoRoot, '.cache', 'entry-points-test', 'handler')]);
    expect(built.status).toBe(0);
    expect(built.stdout).toContain(
      'offering 6 functions, with a main the build wrote: EventMetadata (background event), HelloGCS (background event), HelloGet (net/http), HelloHTTP (net/http), HelloLogging (net/http), HelloPubSub (background event); the host\'s target picks one; with none, HelloGCS',
    );
    fs.rmSync(path.join(repoRoot, '.cache', 'entry-points-test'), { recursive: true, force: true });

    const helpers = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-helpers-'));
    fs.writeFileSync(path.join(helpers, 'helpers.go'), 'package helpers\n\nfunc Greeting(name string) string { return "Hello, " + name }\n');
    try {
      const refused = runCli(['build', helpers, '--output', path.join(helpers, 'out', 'handler')]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('has no func main, no func Handle and no other function to serve (its exported functions, Greeting, have no shape go-handoff serves');
      expect(refused.stderr).toContain('to serve a function of another name, give it with --target (make: TARGET=)');
    } finally {
      fs.rmSync(helpers, { recursive: true, force: true });
    }
  });
});
