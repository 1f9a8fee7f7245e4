// go-handoff serve: a function folder (built first) or an archive, and
// --watch, which rebuilds and restarts on the same port and lives through
// compile errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { archivePath, repoRoot } from '../helpers/archives';
import { killGroups, runCli, startCli } from '../helpers/cli';
import { HostProcess } from '../helpers/host-process';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';
import { rewriteArchive } from '../helpers/rewrite-archive';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-serve-test-'));
afterEach(killGroups);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const HELLO = 'Hello from Go! You asked for /execute.\n';

async function serve(args: string[]): Promise<HostProcess> {
  const port = await freePort();
  const cli = new HostProcess(startCli(['serve', ...args, '--port', String(port)]), port);
  await cli.output(`at http://localhost:${port}/execute`, 'stdout', 120_000);
  return cli;
}

async function body(cli: HostProcess): Promise<string> {
  return (await fetch(cli.url('/execute'))).text();
}

/** Polls until the function answers want (a rebuild and restart take a few seconds). */
async function answers(cli: HostProcess, want: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = await body(cli);
      if (last === want) return;
    } catch (error) {
      last = String(error); // restarting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the function never answered ${JSON.stringify(want)}; last ${JSON.stringify(last)}\n${cli.stdout}\n${cli.stderr}`);
}

/** The pid the latest "(pid N)" line names: the host, which became the Go binary. */
function latestPid(cli: HostProcess): number {
  return Number([...cli.stdout.matchAll(/\(pid (\d+)\)/g)].pop()![1]);
}

function copyOfFunction(name: string): string {
  const dir = path.join(scratch, name);
  fs.cpSync(path.join(repoRoot, 'go', 'function'), dir, { recursive: true });
  return dir;
}

describe('go-handoff serve', () => {
  it('builds a function folder and serves it through the hand-over; SIGTERM stops it', async () => {
    const cli = await serve([copyOfFunction('once')]);
    expect(await body(cli)).toBe(HELLO);
    expect(path.basename(executableOf(latestPid(cli)))).toBe('handler');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout).toMatch(/the function stopped \(exit status 0\)/);
  });

  it('serves a tar.gz archive', async () => {
    const archive = path.join(scratch, 'hello.tar.gz');
    await rewriteArchive(archivePath('hello'), archive, (files) => files, 'tar.gz');
    const cli = await serve([archive]);
    expect(await body(cli)).toBe(HELLO);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('answers a failed hand-over with the whole story, even when the shell says NODE_ENV=production', async () => {
    const archive = path.join(scratch, 'no-binary.zip');
    await rewriteArchive(archivePath('hello'), archive, (files) => files.filter((f) => f.name !== 'handler'));
    const port = await freePort();
    const cli = new HostProcess(startCli(['serve', archive, '--port', String(port)], { env: { NODE_ENV: 'production' } }), port);
    await cli.output(`at http://localhost:${port}/execute`, 'stdout', 60_000);
    const response = await fetch(cli.url('/execute'));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/the Go binary \S+handler does not exist/i);
    // GO_HANDOFF_ERRORS still decides: what clients will see deployed.
    cli.child.kill('SIGTERM');
    await cli.exited;
    const port2 = await freePort();
    const plain = new HostProcess(startCli(['serve', archive, '--port', String(port2)], { env: { GO_HANDOFF_ERRORS: 'plain' } }), port2);
    await plain.output(`at http://localhost:${port2}/execute`, 'stdout', 60_000);
    expect(await (await fetch(plain.url('/execute'))).text()).toBe('Internal Server Error: the function could not start [ENOENT]; its log says why.\n');
    plain.child.kill('SIGTERM');
    await plain.exited;
  });

  it('refuses --watch for an archive, exit 2', () => {
    const result = runCli(['serve', archivePath('hello'), '--watch']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--watch needs the function's folder/);
  });

  it('--watch rebuilds after an edit and restarts on the same port; a compile error is shown while the previous build serves on', async () => {
    const dir = copyOfFunction('watched');
    const main = path.join(dir, 'main.go');
    const source = fs.readFileSync(main, 'utf8');
    const cli = await serve([dir, '--watch']);
    expect(await body(cli)).toBe(HELLO);
    const firstPid = latestPid(cli);

    fs.writeFileSync(main, source.replace('Hello from Go!', 'Edited!'));
    await answers(cli, 'Edited! You asked for /execute.\n');
    await cli.output('main.go changed: rebuilt and restarted', 'stdout');
    expect(latestPid(cli)).not.toBe(firstPid);

    fs.writeFileSync(main, source.replace('handoff.Start(hello)', 'handoff.Start(hello)\n\tnotDefined()'));
    const stderr = await cli.output('still serving the previous build', 'stderr', 60_000);
    expect(stderr).toMatch(/main\.go:\d+:\d+: undefined: notDefined/);
    expect(await body(cli)).toBe('Edited! You asked for /execute.\n');

    fs.writeFileSync(main, source.replace('Hello from Go!', 'Fixed!'));
    await answers(cli, 'Fixed! You asked for /execute.\n');

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(cli.url('/execute'))).rejects.toThrow();
  }, 180_000);

  it('--watch waits for a fix when the first build fails', async () => {
    const dir = copyOfFunction('broken-first');
    const main = path.join(dir, 'main.go');
    const source = fs.readFileSync(main, 'utf8');
    fs.writeFileSync(main, source.replace('handoff.Start(hello)', 'handoff.Start(hello)\n\tnotDefined()'));
    const port = await freePort();
    const cli = new HostProcess(startCli(['serve', dir, '--watch', '--port', String(port)]), port);
    await cli.output('nothing to serve yet; waiting for a change', 'stderr', 60_000);
    fs.writeFileSync(main, source);
    await cli.output(`at http://localhost:${port}/execute`, 'stdout', 60_000);
    expect(await body(cli)).toBe(HELLO);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  }, 180_000);
});
