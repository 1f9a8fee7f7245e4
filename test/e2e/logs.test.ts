// What a function writes reaches the host's logs: JSON entries for Cloud
// Logging on a Cloud Functions host, the eawsy shim's text elsewhere and on
// Lambda. Lines logged with the invocation's context carry its id, whatever
// else runs at once; lines logged without one carry none (docs/logging.md).
import { afterEach, describe, expect, it } from 'vitest';

import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { LambdaEmulator, stopAllEmulators } from '../helpers/lambda-rie';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllHosts();
  await stopAllEmulators();
  removeUnpacked();
});

type LogEntry = Record<string, unknown> & { severity: string; message: string };

/** The lines the Go function wrote on one stream: everything but the loader's line. */
function goLines(output: string): string[] {
  return output.split('\n').filter((line) => line !== '' && !/^go-handoff: pid \d+ becomes/.test(line));
}

/** The JSON entries among a stream's lines. */
function entries(output: string): LogEntry[] {
  return goLines(output).flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogEntry];
    } catch {
      throw new Error(`a cut JSON line: ${JSON.stringify(line.slice(0, 200))}`);
    }
  });
}

/** Waits until check() holds, polling. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
  }
}

const LABELS = 'logging.googleapis.com/labels';
const TRACE = 'logging.googleapis.com/trace';
const CLOUD_FUNCTIONS_ENV = { K_SERVICE: 'my-function', GOOGLE_CLOUD_PROJECT: 'my-project' };
const headers = { 'Function-Execution-Id': 'exec-1', 'X-Cloud-Trace-Context': 'trace-1/123;o=1' };

describe('on a Cloud Functions host', () => {
  it('writes log and slog lines as Cloud Logging entries, the id only on those logged with the context; fmt lines as they are', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    expect(await (await fetch(host.url('/execute'), { headers })).text()).toBe('logged\n');
    await host.output('"message":"context logger line"', 'stdout');
    const all = entries(host.stdout);
    const byMessage = (m: string) => all.find((e) => e.message === m);
    const request = { [LABELS]: { execution_id: 'exec-1' }, [TRACE]: 'projects/my-project/traces/trace-1' };
    expect(byMessage('slog line')).toMatchObject({ severity: 'INFO', k: 'v', ...request });
    expect(byMessage('logger line')).toMatchObject({ severity: 'WARNING', ...request });
    expect(byMessage('context logger line')).toMatchObject({ severity: 'ERROR', ...request });
    // log.Println has no context: an entry with no id, though this request was the only one running.
    expect(byMessage('log line')).toMatchObject({ severity: 'INFO' });
    expect(byMessage('log line')).not.toHaveProperty([LABELS]);
    expect(byMessage('log line')).not.toHaveProperty([TRACE]);
    // fmt writes to the host's own stdout and stderr, untouched.
    expect(goLines(host.stdout)).toContain('fmt line');
    expect(goLines(host.stderr)).toContain('stderr line');
    // Written in init, before any request.
    expect(goLines(host.stdout)).toContain('init: fmt');
    expect(byMessage('init: log')).toMatchObject({ severity: 'INFO' });
    expect(byMessage('init: log')).not.toHaveProperty([LABELS]);
  });

  it('keeps lines whole and each attributed line its own id when many invocations log at once, through a slow pipe', { timeout: 30_000 }, async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    // Stop reading the host's output for a while: its pipe fills, writers must wait, not drop.
    host.child.stdout!.pause();
    const calls = Array.from({ length: 20 }, (_, i) =>
      fetch(host.url(`/many?n=10&tag=t${i}`), { headers: { 'Function-Execution-Id': `exec-${i}` } }).then((r) => r.text()),
    );
    setTimeout(() => host.child.stdout!.resume(), 1000);
    expect(await Promise.all(calls)).toEqual(Array(20).fill('logged\n'));
    await until(() => entries(host.stdout).filter((e) => e.message.startsWith('logger ')).length === 200, 'every invocation logged');
    const all = entries(host.stdout);
    const raw = goLines(host.stdout).filter((line) => !line.startsWith('{'));
    for (let i = 0; i < 20; i++) {
      for (const kind of ['slog', 'logger']) {
        const attributed = all.filter((e) => e.message === `${kind} t${i}`);
        expect(attributed).toHaveLength(10);
        for (const e of attributed) expect(e[LABELS]).toEqual({ execution_id: `exec-${i}` });
      }
      const unattributed = all.filter((e) => e.message.startsWith(`log t${i} `));
      expect(unattributed).toHaveLength(10);
      for (const e of unattributed) expect(e).not.toHaveProperty([LABELS]);
      const fmtLines = raw.filter((line) => line.startsWith(`fmt t${i} `));
      expect(fmtLines).toHaveLength(10);
      for (const line of fmtLines) expect(line).toMatch(/^fmt t\d+ \d x{5000}$/);
    }
  });

  it('loses nothing written just before a crash', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    await fetch(host.url('/crash')).catch(() => undefined);
    expect((await host.exited).code).toBe(2);
    expect(host.stderr).toContain('panic: the crash');
    expect(goLines(host.stdout)).toContain('just before the crash');
  });

  it('loses nothing written before log.Fatal', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'), { env: CLOUD_FUNCTIONS_ENV });
    await fetch(host.url('/fatal')).catch(() => undefined);
    expect((await host.exited).code).toBe(1);
    expect(goLines(host.stdout)).toContain('just before log.Fatal');
    expect(entries(host.stdout).find((e) => e.message === 'fatal: giving up')).toMatchObject({ severity: 'INFO' });
  });
});

describe('elsewhere', () => {
  it("writes log and slog lines as text with a timestamp, and the execution id on those logged with the context, the eawsy shim's style", async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'));
    await fetch(host.url('/execute'), { headers });
    await host.output('context logger line', 'stderr');
    expect(host.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z exec-1 slog line k=v$/m);
    expect(host.stderr).toMatch(/^\S+Z exec-1 WARNING logger line$/m);
    expect(host.stderr).toMatch(/^\S+Z exec-1 ERROR context logger line$/m);
    expect(host.stderr).toMatch(/^\S+Z log line$/m);
    // fmt writes its lines as they are.
    expect(host.stdout).toMatch(/^fmt line$/m);
  });

  it('runs the shutdown hooks on SIGTERM', async () => {
    const host = await startFunctionsFrameworkHost(await unpackArchive('logging'));
    process.kill(host.pid, 'SIGTERM');
    expect(await host.exited).toEqual({ code: 0, signal: null });
    expect(host.stderr).toMatch(/shutdown hook: closing the pool/);
  });
});

describe('on Lambda (aws-lambda-rie, aws-lambda-ric, the usual hand-over)', () => {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/execute',
    rawQueryString: '',
    headers: { host: 'api.example.com' },
    requestContext: { domainName: 'api.example.com', stage: '$default', http: { method: 'GET', path: '/execute', protocol: 'HTTP/1.1', sourceIp: '198.51.100.4' } },
    isBase64Encoded: false,
  };

  it('writes text lines with the request id on those logged with the context', async () => {
    const rie = await LambdaEmulator.start(await unpackArchive('logging'));
    const answer = await rie.invoke(event, { 'X-Amzn-RequestId': 'req-logs-1' });
    expect(answer.json).toMatchObject({ statusCode: 200, body: 'logged\n' });
    // The emulator writes the runtime's stdout and stderr to its own stdout.
    await rie.host.output('context logger line', 'stdout');
    const output = rie.host.stdout;
    expect(output).toMatch(/^\S+Z req-logs-1 slog line k=v$/m);
    expect(output).toMatch(/^\S+Z req-logs-1 WARNING logger line$/m);
    expect(output).toMatch(/^\S+Z req-logs-1 ERROR context logger line$/m);
    expect(output).toMatch(/^\S+Z log line$/m);
    expect(output).toMatch(/^fmt line$/m);
  });

  it("writes Lambda's JSON format when the function's log format is JSON (always so on Managed Instances), requestId on the lines logged with the context", async () => {
    const rie = await LambdaEmulator.start(await unpackArchive('logging'), { env: { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' } });
    expect((await rie.invoke(event, { 'X-Amzn-RequestId': 'req-logs-2' })).json).toMatchObject({ statusCode: 200 });
    await rie.host.output('"message":"context logger line"', 'stdout');
    const byMessage = (m: string) => entries(rie.host.stdout).find((e) => e.message === m);
    expect(byMessage('slog line')).toMatchObject({ level: 'INFO', requestId: 'req-logs-2', k: 'v' });
    expect(byMessage('logger line')).toMatchObject({ level: 'WARN', requestId: 'req-logs-2' });
    expect(byMessage('context logger line')).toMatchObject({ level: 'ERROR', requestId: 'req-logs-2' });
    expect(byMessage('log line')).toMatchObject({ level: 'INFO' });
    expect(byMessage('log line')).not.toHaveProperty('requestId');
    expect(goLines(rie.host.stdout)).toContain('fmt line');
  });
});
