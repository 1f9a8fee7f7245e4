// Early answers reach every client: through the real functions-framework
// host after the hand-over, clients that send the whole body before reading
// (Python's own http.client) read the 413 or 504 go-handoff gives before the
// body was read, because the connection is drained before it closes (Go's
// internal/linger); and the drain's bounds hold against clients that would
// abuse it. Loopback only, bounded in time.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { executableOf } from '../helpers/proc';
import { rawConnection } from '../helpers/raw-connection';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

const MiB = 1 << 20;
const client = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'helpers', 'send-whole-body-first.py');

interface Sent {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  closed?: boolean;
  /** The status of the next request on the same connection, when it stayed open. */
  next?: number;
  error?: string;
}

/** Python's http.client sends size bytes to path, all of them before it reads. */
async function sendWholeBodyFirst(host: HostProcess, urlPath: string, size: number, mode: 'declared' | 'chunked', headers: string[] = []): Promise<Sent> {
  try {
    const { stdout } = await promisify(execFile)('python3', [client, String(host.port), urlPath, String(size), mode, ...headers], { timeout: 40_000 });
    return JSON.parse(stdout) as Sent;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('these tests need python3 (as node-gyp does): their client is Python\'s own http.client');
    throw error;
  }
}

async function servesOn(host: HostProcess, dir: string): Promise<void> {
  const answer = await fetch(host.url('/execute'), { method: 'POST', body: '{"item": "tea", "quantity": 1}', headers: { 'Content-Type': 'application/json' } });
  expect(answer.status).toBeLessThan(500);
  await answer.arrayBuffer();
  // Still the Go binary serving: the same process, handed over.
  expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
}

describe('a body over the limit, sent whole before the answer is read', () => {
  // Defaults throughout: the 32 MiB body limit, a 128 MiB and 5 s drain.
  it.each([
    ['json', /^\{"errorMessage":"the request body is larger than the limit of 32 MiB \(raise it with GO_HANDOFF_MAX_BODY_BYTES\)","errorType":"Request Entity Too Large"\}$/],
    ['event', /^the request body is larger than the limit of 32 MiB \(raise it with GO_HANDOFF_MAX_BODY_BYTES\)\n$/],
  ] as const)('the %s example: 40 and 64 MiB declared and 40 MiB chunked each read the 413 with its message, and the process serves on', async (example, message) => {
    const dir = await unpackArchive(`example-${example}`);
    const host = await startFunctionsFrameworkHost(dir);
    const cases = [
      [40 * MiB, 'declared'],
      [64 * MiB, 'declared'],
      [40 * MiB, 'chunked'],
    ] as const;
    for (const [size, mode] of cases) {
      const sent = await sendWholeBodyFirst(host, '/execute', size, mode, ['Content-Type:application/json']);
      expect(sent.error, `${size / MiB} MiB ${mode}`).toBeUndefined();
      expect(sent.status).toBe(413);
      expect(sent.body).toMatch(message);
      if (mode === 'declared') {
        // Within the drain's bound: read to its end, and the connection serves on.
        expect(sent.closed).toBe(false);
        expect(sent.next, 'the next request on the same connection').toBeTypeOf('number');
      } else {
        expect(sent.headers?.connection).toBe('close');
      }
      await servesOn(host, dir);
    }
  });

  it('the http example: a declared 40 MiB body reads the 413; a 40 MiB chunked body the function ignores reads its answer', async () => {
    const dir = await unpackArchive('example-http');
    const host = await startFunctionsFrameworkHost(dir);
    const declared = await sendWholeBodyFirst(host, '/execute', 40 * MiB, 'declared');
    expect(declared.error).toBeUndefined();
    expect(declared.status).toBe(413);
    expect(declared.body).toMatch(/^the request body is larger than the limit of 32 MiB/);
    expect(declared.next).toBe(200);
    // The function answers without reading: net/http gives the body up after
    // 256 KiB, and the connection lingers as it closes.
    const chunked = await sendWholeBodyFirst(host, '/upload', 40 * MiB, 'chunked');
    expect(chunked.error).toBeUndefined();
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body!)).toEqual({ method: 'POST', path: '/upload' });
    await servesOn(host, dir);
  });

  it('a function past its timeout: the 504 reaches a client still sending 40 MiB', async () => {
    const dir = await unpackArchive('probe');
    // A body within the limit, so that the function runs.
    const host = await startFunctionsFrameworkHost(dir, { env: { GO_HANDOFF_TIMEOUT: '300ms', GO_HANDOFF_MAX_BODY_BYTES: String(64 * MiB) } });
    const sent = await sendWholeBodyFirst(host, '/slow?ms=3000', 40 * MiB, 'declared');
    expect(sent.error).toBeUndefined();
    expect(sent.status).toBe(504);
    expect(sent.body).toMatch(/did not finish within its timeout of 300ms \(GO_HANDOFF_TIMEOUT\)/);
    await servesOn(host, dir);
  });
});

describe('the drain has bounds', () => {
  it('a client that sent Expect: 100-continue gets the 413 without sending its body', async () => {
    const dir = await unpackArchive('example-json');
    const host = await startFunctionsFrameworkHost(dir);
    const conn = rawConnection(host.port);
    conn.socket.write(`POST /execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${40 * MiB}\r\nExpect: 100-continue\r\n\r\n`);
    await conn.waitFor('larger than the limit of 32 MiB');
    expect(conn.received()).toMatch(/^HTTP\/1\.1 413 Request Entity Too Large\r\n/);
    expect(conn.received()).not.toContain('100 Continue');
    expect(conn.received()).toMatch(/\r\nConnection: close\r\n/i);
    conn.socket.end();
    await servesOn(host, dir);
  });

  it('a trickling client is cut off at the time bound', async () => {
    const dir = await unpackArchive('example-json');
    const host = await startFunctionsFrameworkHost(dir, { env: { GO_HANDOFF_DRAIN_TIME: '1s' } });
    const conn = rawConnection(host.port);
    conn.socket.write(`POST /execute HTTP/1.1\r\nHost: x\r\nContent-Length: ${40 * MiB}\r\n\r\n`);
    await conn.waitFor('larger than the limit');
    const answeredAt = Date.now();
    // One byte every 20 ms: it would take days to send 40 MiB.
    const trickle = setInterval(() => conn.socket.writable && conn.socket.write('x'), 20);
    await Promise.race([conn.closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    clearInterval(trickle);
    expect(conn.closedAt(), 'the connection was never closed').toBeDefined();
    const held = conn.closedAt()! - answeredAt;
    expect(held).toBeGreaterThanOrEqual(900);
    expect(held).toBeLessThan(2500);
    await servesOn(host, dir);
  });

  it('a body far over the byte bound is cut off at the bound, and the process serves on', async () => {
    const dir = await unpackArchive('example-json');
    const host = await startFunctionsFrameworkHost(dir, { env: { GO_HANDOFF_DRAIN_BYTES: String(MiB), GO_HANDOFF_DRAIN_TIME: '20s' } });
    const started = Date.now();
    const sent = await sendWholeBodyFirst(host, '/execute', 64 * MiB, 'declared');
    // The client could not send it all: the connection closed after about
    // 1 MiB more, long before the 20 s time bound.
    expect(sent.error).toMatch(/BrokenPipeError|ConnectionResetError/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await servesOn(host, dir);
  });
});
