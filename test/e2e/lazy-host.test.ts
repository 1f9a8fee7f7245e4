// function.zip under a lazy-loading worker, which requires the function from
// inside a request while its server is already listening. The hand-over
// reaches into Node.js's HTTP server and sockets, so it is tested on every
// Node.js the hosts run, and on the oldest the loader runs on (10.16, as the
// old workers ran Node.js 10).
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { HOST_NODES, OLDEST_NODE } from '../helpers/host-nodes';
import { stopAllHosts } from '../helpers/host-process';
import { startLazyHost } from '../helpers/hosts';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

/** Sends raw bytes on a connection and reads until the server closes it or `until` matches. */
function exchange(socket: net.Socket, request: string, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const done = () => resolve(received);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (until?.test(received)) {
        socket.off('end', done);
        resolve(received);
      }
    });
    socket.once('end', done);
    socket.once('error', reject);
    socket.write(request);
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe.each([...HOST_NODES, OLDEST_NODE])('under a lazy-loading worker on $label', (node) => {
  it('answers the loading request "User function is ready", then serves Go in the same process', async () => {
    const dir = await unpackArchive('hello');
    const host = await startLazyHost(dir, { node });

    const load = await fetch(host.url('/load'), { method: 'POST' });
    expect(load.status).toBe(200);
    expect(load.headers.get('connection')).toBe('close');
    expect(await load.text()).toBe('User function is ready\n');

    expect(await (await fetch(host.url('/execute'))).text()).toBe('Hello from Go! You asked for /execute.\n');
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(listeningSocketsOf(host.pid)).toEqual([{ fd: expect.any(Number), port: host.port }]);
    // The host's own code after require never ran: the exec replaced it.
    expect(host.stdout).not.toContain('lazy host: loaded');
  });

  it('keeps answering the legacy worker routes after the hand-over', async () => {
    const dir = await unpackArchive('hello');
    const host = await startLazyHost(dir, { node });
    await fetch(host.url('/load'), { method: 'POST' });
    expect(await (await fetch(host.url('/load'))).text()).toBe('User function is ready\n');
    expect(await (await fetch(host.url('/check'))).text()).toBe('OK\n');
  });

  it('hands over connections Node accepted but had not read yet, so none is dropped', async () => {
    const dir = await unpackArchive('hello');
    const host = await startLazyHost(dir, { node });
    // Accepted by Node before the load, silent until after it.
    const early = await connect(host.port);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const trigger = await connect(host.port);
    const loaded = await exchange(trigger, 'GET /execute HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(loaded).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(loaded).toMatch(/\r\n\r\nUser function is ready\n$/);

    const later = await exchange(early, 'GET /early HTTP/1.1\r\nHost: x\r\n\r\n', /Hello from Go! You asked for \/early\.\n$/);
    expect(later).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    early.destroy();
  });
});
