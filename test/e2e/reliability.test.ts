// The function under stress, through the real host after the hand-over:
// sustained load, SIGTERM in the middle of it, bad input of every kind,
// functions that overrun their timeout or panic after their answer began,
// and slow and idle clients. Loopback only, bounded in time: the bounds are
// set short through the settings.
import * as fs from 'node:fs';
import * as net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { rawConnection } from '../helpers/raw-connection';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

/** Keeps `workers` requests in flight until `until` resolves; counts answers and failures. */
async function load(host: HostProcess, workers: number, until: Promise<unknown>) {
  let answered = 0;
  const failures: string[] = [];
  let stop = false;
  void until.then(() => (stop = true));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stop) {
        try {
          const response = await fetch(host.url('/execute'));
          const body = await response.text();
          if (response.status === 200 && body === 'probe: GET /execute\n') answered++;
          else failures.push(`${response.status} ${body}`);
        } catch (error) {
          failures.push(String((error as Error).cause ?? error));
        }
      }
    }),
  );
  return { answered, failures };
}

/**
 * One request on a fresh connection: "refused" when the connection is not
 * made, else the status line, or what broke it.
 */
function oneRequest(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let connected = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(connected ? `broken after connecting: ${error.code} ${JSON.stringify(received)}` : 'refused'));
    socket.on('end', () => resolve(received.split('\r\n')[0] || `closed with no answer`));
  });
}

describe('under load', () => {
  it('answers every request of a sustained load, without one failure', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'));
    const { answered, failures } = await load(host, 32, new Promise((resolve) => setTimeout(resolve, 4000)));
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(1000);
  });

  it('answers every request it accepted when SIGTERM comes in the middle, then exits 0', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'));
    const outcomes: Promise<[string, string]>[] = [];
    let sent = 0;
    let stop = false;
    const senders = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const tag = `r${sent++}`;
        const outcome = oneRequest(host.port, `/slow?ms=100&tag=${tag}`).then((o): [string, string] => [tag, o]);
        outcomes.push(outcome);
        await outcome;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(host.pid, 'SIGTERM');
    const exited = await host.exited;
    stop = true;
    await Promise.all(senders);
    const results = await Promise.all(outcomes);

    expect(exited).toEqual({ code: 0, signal: null });
    // Accepted: the function saw the request. Each of those got its whole answer.
    const started = new Set([...host.stdout.matchAll(/probe slow: started (r\d+)/g)].map((m) => m[1]));
    const acceptedButNotAnswered = results.filter(([tag, outcome]) => started.has(tag) && outcome !== 'HTTP/1.1 200 OK');
    expect(acceptedButNotAnswered).toEqual([]);
    expect(started.size).toBeGreaterThan(50);
    // After the shutdown, new connections are refused rather than hanging.
    expect(results.some(([, outcome]) => outcome === 'refused')).toBe(true);
  });
});

describe('bad input', () => {
  const env = { GO_HANDOFF_MAX_BODY_BYTES: '4096' };
  const big = 'x'.repeat(5000);
  const garbage = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));

  it.each([
    ['json', 'malformed JSON', { body: '{"item": ', headers: { 'Content-Type': 'application/json' } }, 400, /not valid JSON for main.Order/],
    ['json', 'XML', { body: '<order><item>tea</item></order>', headers: { 'Content-Type': 'application/xml' } }, 400, /not valid JSON for main.Order/],
    ['json', 'binary garbage', { body: garbage, headers: { 'Content-Type': 'application/octet-stream' } }, 400, /not valid JSON/],
    ['json', 'an oversized body', { body: big, headers: {} }, 413, /larger than the limit of 4 KiB/],
    ['bytes', 'an oversized body', { body: big, headers: {} }, 413, /larger than the limit of 4 KiB/],
    ['event', 'a CloudEvent without a type', { body: '{}', headers: { 'ce-id': '1', 'ce-source': 's', 'ce-specversion': '1.0' } }, 400, /has no header ce-type/],
    ['event', 'a structured CloudEvent that is not JSON', { body: 'nope', headers: { 'Content-Type': 'application/cloudevents+json' } }, 400, /not a structured CloudEvent/],
    ['event', 'a batch of CloudEvents', { body: '[]', headers: { 'Content-Type': 'application/cloudevents-batch+json' } }, 400, /batched CloudEvents/],
    ['event', 'text', { body: 'hello', headers: { 'Content-Type': 'text/plain' } }, 400, /not an event/],
    ['event', 'binary garbage', { body: garbage, headers: { 'Content-Type': 'application/octet-stream' } }, 400, /not an event/],
    ['event', 'an oversized body', { body: big, headers: { 'Content-Type': 'application/json' } }, 413, /larger than the limit/],
    ['http', 'an oversized body', { body: big, headers: { 'Content-Type': 'text/plain' } }, 413, /larger than the limit/],
  ] as const)('the %s example answers %s with the right status, and goes on serving', async (example, _what, request, status, says) => {
    const host = await startFunctionsFrameworkHost(await unpackArchive(`example-${example}`), { env });
    const answer = await fetch(host.url('/execute'), { method: 'POST', body: request.body, headers: request.headers });
    expect(answer.status).toBe(status);
    expect(await answer.text()).toMatch(says);
    const good = example === 'event' ? { specversion: '1.0', id: '1', source: 's', type: 'google.cloud.storage.object.v1.finalized', data: { bucket: 'b', name: 'n' } } : { item: 'tea', quantity: 1 };
    const healthy = await fetch(host.url('/execute'), {
      method: 'POST',
      body: JSON.stringify(good),
      headers: { 'Content-Type': example === 'event' ? 'application/cloudevents+json' : 'application/json' },
    });
    expect(healthy.status).toBe(200);
  });
});

describe('a function past its timeout', () => {
  it('has the client answered 504 promptly, and the process goes on serving', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'), { env: { GO_HANDOFF_TIMEOUT: '300ms' } });
    const started = Date.now();
    const late = await fetch(host.url('/slow?ms=5000'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(late.status).toBe(504);
    expect(await late.text()).toMatch(/did not finish within its timeout of 300ms \(GO_HANDOFF_TIMEOUT\); its context was cancelled/);
    expect(await (await fetch(host.url('/execute'))).text()).toBe('probe: GET /execute\n');
    await host.output('did not finish within its timeout', 'stderr');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bad framing', () => {
  it('refuses a request with both Content-Length and Transfer-Encoding with 400 and closes its connection; what it smuggled never runs', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'));
    const conn = rawConnection(host.port);
    // A chunked request alone keeps its connection.
    conn.socket.write('POST /stdout?msg=chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n');
    await conn.waitFor('probe: POST /stdout\n');
    // A front end reading the Content-Length would take the GET for body.
    conn.socket.write('POST /stdout?msg=outer HTTP/1.1\r\nHost: x\r\nContent-Length: 48\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /stdout?msg=smuggled HTTP/1.1\r\nHost: x\r\n\r\n');
    await conn.waitFor('RFC 9112 section 6.1');
    const answers = conn.received().split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answers[1]).toMatch(/\r\nConnection: close\r\n/i);
    expect(answers[1]).toContain('the request has both Content-Length and Transfer-Encoding');
    await Promise.race([conn.ended, sleep(5000)]);
    expect(conn.endedAt(), 'the connection was left open').toBeDefined();
    expect(conn.received().split(/(?=HTTP\/1\.1 )/)).toHaveLength(2);
    expect(await (await fetch(host.url('/stdout?msg=after'))).text()).toBe('probe: GET /stdout\n');
    await host.output('probe stdout: after', 'stdout');
    expect(host.stdout).toContain('probe stdout: chunked');
    expect(host.stdout).not.toContain('probe stdout: outer');
    expect(host.stdout).not.toContain('probe stdout: smuggled');
  });
});

describe('a panic after the answer began', () => {
  it("sends the 500 the function had written (Google's bigtable sample), and aborts a success begun; the process serves on", async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'));
    const failed = await fetch(host.url('/error-then-panic'));
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('could not read the table\n');
    await host.output('invalid memory address or nil pointer dereference', 'stderr');

    const conn = rawConnection(host.port);
    conn.socket.write('GET /ok-then-panic HTTP/1.1\r\nHost: x\r\n\r\n');
    await Promise.race([conn.ended, sleep(5000)]);
    expect(conn.endedAt(), 'the connection was left open').toBeDefined();
    // Not a byte: a client cannot take half of the answer for all of it.
    expect(conn.received()).toBe('');
    await host.output('the second half failed', 'stderr');
    expect(await (await fetch(host.url('/execute'))).text()).toBe('probe: GET /execute\n');
  });
});

/** How many descriptors the process holds. */
function descriptors(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * A keep-alive connection that made one request and read its whole answer,
 * and stays open until the server ends it.
 */
function idleKeepAlive(port: number): Promise<{ ended: Promise<void>; endedAt: () => number | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let endedAt: number | undefined;
    const ended = new Promise<void>((done) =>
      socket.on('close', () => {
        endedAt = Date.now();
        done();
        reject(new Error(`closed before its answer: ${JSON.stringify(received)}`));
      }),
    );
    socket.setEncoding('latin1');
    socket.on('error', () => {}); // 'close' follows
    socket.on('connect', () => socket.write('GET /execute HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.endsWith('probe: GET /execute\n')) resolve({ ended, endedAt: () => endedAt });
    });
  });
}

/** Writes pieces on conn, one every everyMs; returns what stops it. */
function trickle(socket: net.Socket, pieces: string[], everyMs: number): () => void {
  let next = 0;
  const timer = setInterval(() => {
    if (next < pieces.length && socket.writable) socket.write(pieces[next++]);
  }, everyMs);
  return () => clearInterval(timer);
}

describe('slow and idle clients', () => {
  it('2,000 idle keep-alive connections never hold more descriptors than the cap, none past the idle timeout, and later requests are served', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'), { env: { GO_HANDOFF_IDLE_TIMEOUT: '3s', GO_HANDOFF_MAX_CONNECTIONS: '500' } });
    const baseline = descriptors(host.pid);
    let most = baseline;
    const sampler = setInterval(() => (most = Math.max(most, descriptors(host.pid))), 5);
    const clients: Awaited<ReturnType<typeof idleKeepAlive>>[] = [];
    try {
      for (let batch = 0; batch < 40; batch++) clients.push(...(await Promise.all(Array.from({ length: 50 }, () => idleKeepAlive(host.port)))));
      const lastAnswered = Date.now();
      await Promise.race([Promise.all(clients.map((c) => c.ended)), sleep(15_000)]);
      const open = clients.filter((c) => c.endedAt() === undefined).length;
      expect(open, 'connections still open long after the idle timeout').toBe(0);
      // The last ones went at the idle timeout, not later.
      expect(Math.max(...clients.map((c) => c.endedAt()!)) - lastAnswered).toBeLessThan(3000 + 3000);
    } finally {
      clearInterval(sampler);
    }
    // Never more than the cap at once, and the connections being opened (a
    // batch of 50: those are busy, not idle).
    expect(most).toBeLessThanOrEqual(baseline + 500 + 60);
    const deadline = Date.now() + 3000;
    while (descriptors(host.pid) > baseline && Date.now() < deadline) await sleep(20);
    expect(descriptors(host.pid)).toBeLessThanOrEqual(baseline);
    expect(await (await fetch(host.url('/execute'))).text()).toBe('probe: GET /execute\n');
  });

  it('closes one idle keep-alive connection at the idle timeout', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'), { env: { GO_HANDOFF_IDLE_TIMEOUT: '1s' } });
    const client = await idleKeepAlive(host.port);
    const answered = Date.now();
    await Promise.race([client.ended, sleep(10_000)]);
    expect(client.endedAt(), 'the idle connection was never closed').toBeDefined();
    expect(client.endedAt()! - answered).toBeGreaterThanOrEqual(900);
    expect(client.endedAt()! - answered).toBeLessThan(3000);
  });

  const oneBytePieces = Array.from({ length: 100 }, () => 'x');
  const oneByteChunks = [...oneBytePieces.map((x) => `1\r\n${x}\r\n`), '0\r\n\r\n'];
  it.each([
    ['Content-Length', 'Content-Length: 100', oneBytePieces],
    ['chunked', 'Transfer-Encoding: chunked', oneByteChunks],
  ] as const)('a body sent one byte a second (%s) to a function that reads it: 408 at the body bound, then the connection closes', async (_framing, header, pieces) => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('example-json'), { env: { GO_HANDOFF_BODY_TIMEOUT: '2s', GO_HANDOFF_DRAIN_TIME: '1s' } });
    const conn = rawConnection(host.port);
    const started = Date.now();
    conn.socket.write(`POST /execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${header}\r\n\r\n`);
    const stop = trickle(conn.socket, [...pieces], 1000);
    try {
      await conn.waitFor('"errorType":"Request Timeout"}', 10_000);
      const answeredAt = Date.now();
      expect(conn.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(conn.received()).toMatch(/\r\nConnection: close\r\n/i);
      expect(conn.received()).toMatch(/the request body came too slowly: \d+ bytes in [\d.]+s of waiting; a body may keep the server waiting 2s, plus 1s for every 500 bytes it brings \(GO_HANDOFF_BODY_TIMEOUT, GO_HANDOFF_BODY_MIN_RATE\)/);
      expect(answeredAt - started).toBeGreaterThanOrEqual(1800);
      expect(answeredAt - started).toBeLessThan(6000);
      await Promise.race([conn.ended, sleep(5000)]);
      expect(conn.endedAt(), 'the connection was left open').toBeDefined();
      expect(conn.endedAt()! - answeredAt).toBeLessThan(3000);
    } finally {
      stop();
    }
    const healthy = await fetch(host.url('/execute'), { method: 'POST', body: '{"item": "tea", "quantity": 1}', headers: { 'Content-Type': 'application/json' } });
    expect(healthy.status).toBe(200);
  });

  it.each([
    ['Content-Length', 'Content-Length: 100', oneBytePieces],
    ['chunked', 'Transfer-Encoding: chunked', oneByteChunks],
  ] as const)('a body sent one byte a second (%s) to a function that ignores it holds its answer no longer than the drain time, then the connection closes', async (_framing, header, pieces) => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('probe'), { env: { GO_HANDOFF_DRAIN_TIME: '1s' } });
    const conn = rawConnection(host.port);
    const started = Date.now();
    conn.socket.write(`POST /execute HTTP/1.1\r\nHost: x\r\n${header}\r\n\r\n`);
    const stop = trickle(conn.socket, [...pieces], 1000);
    try {
      await conn.waitFor('probe: POST /execute\n', 10_000);
      const answeredAt = Date.now();
      expect(conn.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(conn.received()).toMatch(/\r\nConnection: close\r\n/i);
      expect(answeredAt - started).toBeLessThan(4000);
      await Promise.race([conn.ended, sleep(5000)]);
      expect(conn.endedAt(), 'the connection was left open').toBeDefined();
      expect(conn.endedAt()! - answeredAt).toBeLessThan(3000);
    } finally {
      stop();
    }
  });
});
