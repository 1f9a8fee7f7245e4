// Code written for functions-framework-go, unchanged, packaged by go-handoff
// and run under the real @google-cloud/functions-framework host: the build
// points functions-framework-go's import path at go-handoff's stand-in
// (go/compat/functions-framework-go), and the host's --target picks the
// function. The answers are functions-framework-go's.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { freePort } from '../helpers/ports';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

const pubsubCloudEvent = (data: string, id = 'ce-1') => ({
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-source': '//pubsub.googleapis.com/projects/demo/topics/greetings',
    'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
    'ce-time': '2024-05-06T07:08:09Z',
  },
  body: JSON.stringify({ message: { data: Buffer.from(data).toString('base64'), messageId: `m-${id}` }, subscription: 'projects/demo/subscriptions/s' }),
});

async function hostOn(archive: 'ffgo-functions' | 'ffgo-main', target: string, env?: NodeJS.ProcessEnv) {
  const dir = await unpackArchive(archive);
  const host = await startFunctionsFrameworkHost(dir, { target, env });
  // The process the host started is the Go binary now, on the host's one socket.
  expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
  expect(listeningSocketsOf(host.pid)).toEqual([{ fd: expect.any(Number), port: host.port }]);
  return host;
}

describe('functions-framework-go functions registered in init, chosen by --target', () => {
  it('serves the HTTP function named by the target, and 404 for /favicon.ico and /robots.txt', async () => {
    const host = await hostOn('ffgo-functions', 'HelloHTTP');
    const named = await fetch(host.url('/'), { method: 'POST', body: JSON.stringify({ name: 'Ada' }) });
    expect(named.status).toBe(200);
    expect(await named.text()).toBe('Hello, Ada!');
    expect(await (await fetch(host.url('/any/path'))).text()).toBe('Hello, World!');
    for (const p of ['/favicon.ico', '/robots.txt']) {
      const answer = await fetch(host.url(p));
      expect(answer.status, p).toBe(404);
      expect(await answer.text(), p).toBe('');
    }
  });

  it('serves the typed function: JSON in and out, errors with X-Google-Status', async () => {
    const host = await hostOn('ffgo-functions', 'Greeting');
    const ok = await fetch(host.url('/'), { method: 'POST', body: JSON.stringify({ first_name: 'Jane', last_name: 'Doe' }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ message: 'Hello Jane Doe!' });

    const failed = await fetch(host.url('/'), { method: 'POST', body: '{}' });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-google-status')).toBe('error');
    expect(await failed.text()).toBe('Function error: first_name is required\n');

    const malformed = await fetch(host.url('/'), { method: 'POST', body: '{"first_name": 7}' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-google-status')).toBe('crash');
    expect(await malformed.text()).toMatch(/^Error while converting input data\. json: cannot unmarshal number/);
  });

  it('serves the CloudEvent function with the CloudEvents SDK event.Event, DataAs included; an error or a panic is a 500', async () => {
    const host = await hostOn('ffgo-functions', 'HelloPubSub');
    const ok = await fetch(host.url('/'), pubsubCloudEvent('Grace'));
    expect(ok.status).toBe(200);
    await host.output('Hello, Grace! (event ce-1, google.cloud.pubsub.topic.v1.messagePublished, from //pubsub.googleapis.com/projects/demo/topics/greetings)', 'stderr');

    const failed = await fetch(host.url('/'), pubsubCloudEvent('fail', 'ce-2'));
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('');
    await host.output('Function error: told to fail by message m-ce-2', 'stderr');

    const crashed = await fetch(host.url('/'), pubsubCloudEvent('panic', 'ce-3'));
    expect(crashed.status).toBe(500);
    await host.output('A panic occurred during user function execution', 'stderr');

    // A legacy Pub/Sub event reaches it converted by Cloud Functions' mapping.
    const legacy = await fetch(host.url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        context: { eventId: 'legacy-1', timestamp: '2024-05-06T07:08:09.000Z', eventType: 'google.pubsub.topic.publish', resource: { service: 'pubsub.googleapis.com', name: 'projects/demo/topics/greetings', type: 'type.googleapis.com/google.pubsub.v1.PubsubMessage' } },
        data: { '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', data: Buffer.from('Legacy').toString('base64') },
      }),
    });
    expect(legacy.status).toBe(200);
    await host.output('Hello, Legacy! (event legacy-1, google.cloud.pubsub.topic.v1.messagePublished, from //pubsub.googleapis.com/projects/demo/topics/greetings)', 'stderr');

    // A CloudEvent without its id: 400, naming it; the process keeps serving.
    const { 'ce-id': _, ...noId } = pubsubCloudEvent('x').headers;
    const refused = await fetch(host.url('/'), { ...pubsubCloudEvent('x'), headers: noId });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/\bid\b/);
    expect((await fetch(host.url('/'), pubsubCloudEvent('again', 'ce-4'))).status).toBe(200);
  });

  it('serves an exported, unregistered func(ctx, event.Event) error as a CloudEvent function, as the second generation does', async () => {
    const host = await hostOn('ffgo-functions', 'HelloStorage');
    const answer = await fetch(host.url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0', id: 'st-9', source: '//storage.googleapis.com/projects/_/buckets/photos', type: 'google.cloud.storage.object.v1.finalized',
        subject: 'objects/cat.jpg', datacontenttype: 'application/json', data: { bucket: 'photos', name: 'cat.jpg', metageneration: '3' },
      }),
    });
    expect(answer.status).toBe(200);
    await host.output('Storage event st-9 (google.cloud.storage.object.v1.finalized, subject objects/cat.jpg): gs://photos/cat.jpg, metageneration 3', 'stderr');
  });

  it('answers a panic in an HTTP function 500 with X-Google-Status: crash, and keeps serving', async () => {
    const host = await hostOn('ffgo-functions', 'Crash');
    for (let i = 0; i < 2; i++) {
      const crashed = await fetch(host.url('/'));
      expect(crashed.status).toBe(500);
      expect(crashed.headers.get('x-google-status')).toBe('crash');
      expect(await crashed.text()).toBe('A panic occurred during user function execution. Please see logs for more details.\n');
    }
    await host.output('panic message: intentional crash', 'stderr');
  });

  it("answers a panic after the function's own 500 (Google's bigtable sample) with that answer, functions-framework-go's message after it, as functions-framework-go does", async () => {
    const host = await hostOn('ffgo-functions', 'CrashAfterError');
    const answer = await fetch(host.url('/'));
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe('could not create the client\nA panic occurred during user function execution. Please see logs for more details.\n');
    await host.output('panic message: runtime error: invalid memory address or nil pointer dereference', 'stderr');
    expect((await fetch(host.url('/'))).status).toBe(500);
  });

  it("gives the function's context the execution id and the request timeout; funcframework.LogWriter logs for the invocation", async () => {
    const host = await hostOn('ffgo-functions', 'Invocation', { FUNCTION_TIMEOUT_SEC: '30' });
    const answer = await fetch(host.url('/?who=the-test'), { headers: { 'Function-Execution-Id': 'exec-4242' } });
    expect(await answer.text()).toBe('execution exec-4242, deadline in 30s');
    const line = await host.output('logged for the-test', 'stderr');
    expect(line).toMatch(/exec-4242 logged for the-test/);
  });

  it('answers 500 naming the target and the functions there are when the target names none', async () => {
    const host = await hostOn('ffgo-functions', 'helloHTTP');
    const answer = await fetch(host.url('/'));
    expect(answer.status).toBe(500);
    const text = await answer.text();
    expect(text).toContain('"helloHTTP"');
    for (const name of ['Crash', 'CrashAfterError', 'Greeting', 'HelloHTTP', 'HelloPubSub', 'HelloStorage', 'Invocation']) expect(text).toContain(name);
    expect(answer.headers.get('x-go-handoff-error')).toBe('ERR_GO_HANDOFF_TARGET');
  });

  it('answers a wrong target with its code alone in production', async () => {
    const host = await hostOn('ffgo-functions', 'helloHTTP', { NODE_ENV: 'production' });
    const answer = await fetch(host.url('/'));
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe('Internal Server Error: the function could not start [ERR_GO_HANDOFF_TARGET]; its log says why.\n');
  });
});

describe('a main that registers with funcframework and calls funcframework.Start', () => {
  it('serves on the socket the host handed over, never on the port it asked Start for', async () => {
    const asked = await freePort();
    const host = await hostOn('ffgo-main', 'anyName', { FIXTURE_KIND: 'http', FIXTURE_PORT: String(asked) });
    const answer = await fetch(host.url('/some/path'));
    expect(await answer.text()).toBe('Hello from a funcframework main, GET /some/path');
    expect((await fetch(host.url('/favicon.ico'))).status).toBe(404);
    expect(listeningSocketsOf(host.pid).map((s) => s.port)).toEqual([host.port]);
  });

  it('serves RegisterCloudEventFunctionContext', async () => {
    const host = await hostOn('ffgo-main', 'anyName', { FIXTURE_KIND: 'cloudevent' });
    const answer = await fetch(host.url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0', id: 'st-1', source: '//storage.googleapis.com/projects/_/buckets/photos', type: 'google.cloud.storage.object.v1.finalized',
        subject: 'objects/cat.jpg', datacontenttype: 'application/json', data: { bucket: 'photos', name: 'cat.jpg' },
      }),
    });
    expect(answer.status).toBe(200);
    await host.output('cloudevent google.cloud.storage.object.v1.finalized objects/cat.jpg: photos/cat.jpg', 'stderr');
  });

  it('serves RegisterEventFunctionContext with the legacy data and metadata.FromContext', async () => {
    const host = await hostOn('ffgo-main', 'anyName', { FIXTURE_KIND: 'event' });
    const legacy = (name: string) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        context: { eventId: 'ev-7', timestamp: '2024-05-06T07:08:09Z', eventType: 'google.storage.object.finalize', resource: { service: 'storage.googleapis.com', name: 'projects/_/buckets/photos/objects/cat.jpg', type: 'storage#object' } },
        data: { bucket: 'photos', name },
      }),
    });
    expect((await fetch(host.url('/'), legacy('cat.jpg'))).status).toBe(200);
    await host.output('legacy event ev-7 google.storage.object.finalize: photos/cat.jpg', 'stderr');
    // A CloudEvent reaches it converted back to the legacy event.
    const cloudEvent = await fetch(host.url('/'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0', id: 'st-2', source: '//storage.googleapis.com/projects/_/buckets/photos', type: 'google.cloud.storage.object.v1.finalized',
        subject: 'objects/dog.jpg', time: '2024-05-06T07:08:09Z', datacontenttype: 'application/json', data: { bucket: 'photos', name: 'dog.jpg' },
      }),
    });
    expect(cloudEvent.status).toBe(200);
    await host.output('legacy event st-2 google.storage.object.finalize: photos/dog.jpg', 'stderr');

    const failed = await fetch(host.url('/'), legacy('fail'));
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-google-status')).toBe('error');
    expect(await failed.text()).toBe('Function error: told to fail\n');
  });
});
