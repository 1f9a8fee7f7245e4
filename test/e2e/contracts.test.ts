// One example per contract (go/examples), each through the real
// functions-framework host after the hand-over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

const hosts: Record<string, HostProcess> = {};
beforeAll(async () => {
  for (const name of ['http', 'json', 'bytes', 'event']) hosts[name] = await startFunctionsFrameworkHost(await unpackArchive(`example-${name}`));
});
afterAll(async () => {
  await stopAllHosts();
  removeUnpacked();
});

function post(host: HostProcess, body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(host.url('/execute'), { method: 'POST', body, headers: { 'Function-Execution-Id': 'exec-42', ...headers } });
}

describe('the net/http example', () => {
  it('routes with a ServeMux on every path', async () => {
    expect(await (await fetch(hosts.http.url('/hello/Ada'))).text()).toBe('Hello, Ada!\n');
    const other = await fetch(hosts.http.url('/execute?x=1'), { method: 'PUT' });
    expect(await other.json()).toEqual({ method: 'PUT', path: '/execute' });
  });
});

describe('the typed JSON example', () => {
  it('decodes the body, encodes the result, and fills the context', async () => {
    const answer = await post(hosts.json, JSON.stringify({ item: 'tea', quantity: 2 }), { 'Content-Type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.json()).toEqual({ item: 'tea', quantity: 2, executionId: 'exec-42' });
  });

  it('answers a returned error with 500 and {errorMessage, errorType}, never 200', async () => {
    const answer = await post(hosts.json, JSON.stringify({ item: '', quantity: 0 }));
    expect(answer.status).toBe(500);
    expect(answer.headers.get('x-google-status')).toBe('error');
    expect(await answer.json()).toEqual({ errorMessage: 'an order needs an item and a quantity of at least 1', errorType: 'errorString' });
  });

  it('answers malformed JSON with 400 and says what is wrong', async () => {
    const answer = await post(hosts.json, '{"item": "tea", "quantity": ');
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errorMessage: string }).errorMessage).toBe('the request body is not valid JSON for main.Order: unexpected end of JSON input');
    const wrongType = await post(hosts.json, '{"item": "tea", "quantity": "two"}');
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { errorMessage: string }).errorMessage).toMatch(/cannot unmarshal string into Go struct field Order.quantity of type int/);
  });
});

describe('the bytes example', () => {
  it('gets the raw body and answers verbatim as application/octet-stream', async () => {
    const body = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x41]);
    const answer = await post(hosts.bytes, body);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(Buffer.from([0x41, 0xff, 0xfe, 0x01, 0x00]));
  });

  it('answers an error with 500 and {"error": ...}', async () => {
    const answer = await post(hosts.bytes, '');
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ error: 'send some bytes to reverse' });
  });
});

describe('the event example', () => {
  const pubsubData = { message: { data: Buffer.from('hello').toString('base64'), attributes: { k: 'v' }, messageId: 'm-1', publishTime: '2024-01-02T03:04:05Z' }, subscription: 'projects/p/subscriptions/s' };
  const storageObject = { bucket: 'photos', name: 'cat.jpg', size: '2048', contentType: 'image/jpeg', timeCreated: '2024-01-02T03:04:05Z' };

  it('takes a CloudEvent in binary mode (Pub/Sub, base64 data decoded)', async () => {
    const answer = await post(hosts.event, JSON.stringify(pubsubData), {
      'Content-Type': 'application/json',
      'ce-id': 'm-1',
      'ce-source': '//pubsub.googleapis.com/projects/p/topics/t',
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
    });
    expect(answer.status).toBe(200);
    await hosts.event.output('Pub/Sub message m-1: "hello" map[k:v]', 'stderr');
  });

  it('takes a CloudEvent in structured mode (Storage)', async () => {
    const event = { specversion: '1.0', id: 's-1', source: '//storage.googleapis.com/projects/_/buckets/photos', type: 'google.cloud.storage.object.v1.finalized', datacontenttype: 'application/json', data: storageObject };
    const answer = await post(hosts.event, JSON.stringify(event), { 'Content-Type': 'application/cloudevents+json' });
    expect(answer.status).toBe(200);
    await hosts.event.output('Storage object gs://photos/cat.jpg (2048 bytes, image/jpeg)', 'stderr');
  });

  it('takes the legacy background envelope, nested (Pub/Sub) and flat (Storage)', async () => {
    const nested = {
      context: { eventId: 'legacy-1', timestamp: '2018-01-02T03:04:05.000Z', eventType: 'google.pubsub.topic.publish', resource: { service: 'pubsub.googleapis.com', name: 'projects/p/topics/t' } },
      data: { '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', data: Buffer.from('from the old days').toString('base64'), attributes: {} },
    };
    expect((await post(hosts.event, JSON.stringify(nested), { 'Content-Type': 'application/json' })).status).toBe(200);
    // Converted as Cloud Functions converts it: the example matches the CloudEvent type exactly.
    await hosts.event.output('Pub/Sub message legacy-1: "from the old days" map[] (//pubsub.googleapis.com/projects/p/topics/t)', 'stderr');

    const flat = { eventId: 'legacy-2', timestamp: '2018-01-02T03:04:05Z', eventType: 'google.storage.object.finalize', resource: 'projects/_/buckets/photos/objects/dog.png', data: { ...storageObject, name: 'dog.png' } };
    expect((await post(hosts.event, JSON.stringify(flat), { 'Content-Type': 'application/json' })).status).toBe(200);
    await hosts.event.output('Storage object gs://photos/dog.png (2048 bytes, image/jpeg): google.cloud.storage.object.v1.finalized objects/dog.png', 'stderr');
  });

  it('answers 500 when the function fails (so the sender retries) and 400 for what is not an event', async () => {
    const unknown = await post(hosts.event, JSON.stringify({ specversion: '1.0', id: 'x', source: 's', type: 'com.example.unknown' }), { 'Content-Type': 'application/cloudevents+json' });
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).toBe('no handler for events of type "com.example.unknown"\n');
    const notAnEvent = await post(hosts.event, JSON.stringify({ hello: 'world' }), { 'Content-Type': 'application/json' });
    expect(notAnEvent.status).toBe(400);
    expect(await notAnEvent.text()).toMatch(/^the request is not an event/);
    const unmapped = { eventId: 'legacy-3', timestamp: '2018-01-02T03:04:05Z', eventType: 'com.example.unmapped', resource: 'things/1', data: {} };
    const refused = await post(hosts.event, JSON.stringify(unmapped), { 'Content-Type': 'application/json' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/the legacy event's type "com.example.unmapped" has no CloudEvent type/);
    const missing = await post(hosts.event, '', { 'ce-id': '1', 'ce-specversion': '1.0', 'ce-type': 't' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/the CloudEvent has no header ce-source/);
  });
});
