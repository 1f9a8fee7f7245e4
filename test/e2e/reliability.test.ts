// The function under stress, through the real host after the hand-over:
// sustained load, SIGTERM in the middle of it, bad input of every kind, and
// functions that overrun their timeout. Loopback only, bounded in time.
import * as net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
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
