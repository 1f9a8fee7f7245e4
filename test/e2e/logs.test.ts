// What a function writes reaches the host's logs: JSON entries for Cloud
// Logging on a Cloud Functions host, the eawsy shim's text elsewhere.
import { afterEach, describe, expect, it } from 'vitest';

import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
});

type LogEntry = Record<string, unknown> & { severity: string; message: string };

/** The lines the Go function wrote: everything after the loader's last line. */
function goLines(host: HostProcess): string[] {
  const all = (host.stdout + host.stderr).split('\n');
  return all.filter((line) => line !== '' && !/^go-handoff: pid \d+ becomes/.test(line));
}

function entries(host: HostProcess): LogEntry[] {
  return goLines(host).map((line) => {
    try {
      return JSON.parse(line) as LogEntry;
    } catch {
      throw new Error(`not a JSON line: ${JSON.stringify(line.slice(0, 200))}`);
    }
  });
}

const CLOUD_FUNCTIONS_ENV = { K_SERVICE: 'my-function', GOOGLE_CLOUD_PROJECT: 'my-project' };
const headers = { 'Function-Execution-Id': 'exec-1', 'X-Cloud-Trace-Context': 'trace-1/123;o=1' };

describe('on a Cloud Functions host', () => {
  it('writes every line as one Cloud Logging entry: fmt, log, slog, the request logger, init', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    expect(await (await fetch(host.url('/execute'), { headers })).text()).toBe('logged\n');
    // Captured lines arrive a moment after the ones the SDK writes itself (each has its time).
    for (const message of ['fmt line', 'stderr line', 'log line', 'slog line', 'logger line']) await host.output(`"message":"${message}"`, 'stdout');
    const all = entries(host);
    const byMessage = (m: string) => all.find((e) => e.message === m);
    const request = { 'logging.googleapis.com/labels': { execution_id: 'exec-1' }, 'logging.googleapis.com/trace': 'projects/my-project/traces/trace-1' };
    expect(byMessage('fmt line')).toMatchObject({ severity: 'INFO', ...request });
    expect(byMessage('stderr line')).toMatchObject({ severity: 'ERROR', ...request });
    expect(byMessage('log line')).toMatchObject({ severity: 'INFO', ...request });
    expect(byMessage('slog line')).toMatchObject({ severity: 'INFO', k: 'v', ...request });
    expect(byMessage('logger line')).toMatchObject({ severity: 'WARNING', ...request });
    // Written in init, before any request: captured too, with no execution id.
    expect(byMessage('init: fmt')).toMatchObject({ severity: 'INFO' });
    expect(byMessage('init: log')).toMatchObject({ severity: 'INFO' });
    expect(byMessage('init: fmt')).not.toHaveProperty(['logging.googleapis.com/labels']);
  });

  it('keeps lines whole and attributed when many invocations log at once, through a slow pipe', { timeout: 20_000 }, async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    // Stop reading the host's output for a while: its pipe fills, writers must wait, not drop.
    host.child.stdout!.pause();
    const calls = Array.from({ length: 20 }, (_, i) =>
      fetch(host.url(`/many?n=10&tag=t${i}`), { headers: { 'Function-Execution-Id': `exec-${i}` } }).then((r) => r.text()),
    );
    setTimeout(() => host.child.stdout!.resume(), 1000);
    expect(await Promise.all(calls)).toEqual(Array(20).fill('logged\n'));
    await host.output('slog t19', 'stdout', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = entries(host);
    for (let i = 0; i < 20; i++) {
      const slogLines = all.filter((e) => e.message === `slog t${i}`);
      expect(slogLines).toHaveLength(10);
      for (const e of slogLines) expect(e['logging.googleapis.com/labels']).toEqual({ execution_id: `exec-${i}` });
      expect(all.filter((e) => e.message.startsWith(`fmt t${i} `))).toHaveLength(10);
    }
  });

  it('loses nothing written just before a crash', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    await fetch(host.url('/crash')).catch(() => undefined);
    expect((await host.exited).code).toBe(2);
    // The drain-after-exit helper copies what was left, after the process ended.
    await host.output('panic: the crash', 'stderr');
    await host.output('just before the crash', 'stdout');
    expect(host.stdout + host.stderr).not.toContain('go-handoff-begin');
  });

  it('loses nothing written before log.Fatal', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    await fetch(host.url('/fatal')).catch(() => undefined);
    expect((await host.exited).code).toBe(1);
    await host.output('fatal: giving up', 'stdout');
    await host.output('just before log.Fatal', 'stdout');
  });
});

describe('elsewhere', () => {
  it("writes log and slog lines as text with timestamp and execution id, the eawsy shim's style", async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'));
    await fetch(host.url('/execute'), { headers });
    await host.output('logger line', 'stderr');
    expect(host.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z exec-1 log line$/m);
    expect(host.stderr).toMatch(/^\S+Z exec-1 slog line k=v$/m);
    expect(host.stderr).toMatch(/^\S+Z exec-1 WARNING logger line$/m);
    // fmt writes its lines as they are.
    expect(host.stdout).toMatch(/^fmt line$/m);
  });

  it('runs the shutdown hooks on SIGTERM and flushes the logs', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'));
    process.kill(host.pid, 'SIGTERM');
    expect(await host.exited).toEqual({ code: 0, signal: null });
    expect(host.stderr).toMatch(/shutdown hook: closing the pool/);
  });
});
