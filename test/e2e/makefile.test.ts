// The Makefile a user drives: its variables, `make test` (local server,
// Ctrl-C) and `make godev` (Go alone), run as a user would.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { extractArchive } from '../../src/package/extract-archive';
import { repoRoot } from '../helpers/archives';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-make-test-'));
const written: string[] = [];
afterEach(stopAllHosts);
afterAll(() => {
  for (const file of written) fs.rmSync(file, { force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A name for an archive at the repository root that no one else uses. */
function uniquePackage(): string {
  const name = `test-package-${process.pid}-${written.length}`;
  written.push(path.join(repoRoot, `${name}.zip`));
  return name;
}

/** Runs make in its own process group, so that the test can signal it like a terminal would. */
function startMake(args: string[]): ChildProcess {
  return spawn('make', ['--no-print-directory', ...args], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('make', () => {
  it('honours FUNCTION (any folder), PACKAGE (at the repository root) and HANDLER', async () => {
    const folder = path.join(scratch, 'my function');
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'probe'), folder, { recursive: true });
    const name = uniquePackage();
    execFileSync('make', ['--no-print-directory', `FUNCTION=${folder}`, `PACKAGE=${name}`, 'HANDLER=fnbin'], { cwd: repoRoot, stdio: 'pipe' });

    const dir = path.join(scratch, 'unpacked');
    expect((await extractArchive(path.join(repoRoot, `${name}.zip`), dir)).sort()).toEqual(['exec-wrapper', 'fnbin', 'index.js', 'package-lock.json', 'package.json', 'prebuilds/linux-x64/handoff.node']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).goHandoff.binary).toBe('fnbin');
    // Lambda's exec-wrapper execs the same HANDLER.
    expect(fs.readFileSync(path.join(dir, 'exec-wrapper'), 'utf8')).toContain("binary=${GO_HANDOFF_BINARY:-'fnbin'}");
    const host = await startFunctionsFrameworkHost(dir);
    expect(await (await fetch(host.url('/execute'))).text()).toBe('probe: GET /execute\n');
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'fnbin')));

    // Nothing changed: make has nothing to do.
    const again = execFileSync('make', ['--no-print-directory', `FUNCTION=${folder}`, `PACKAGE=${name}`, 'HANDLER=fnbin'], { cwd: repoRoot, encoding: 'utf8' });
    expect(again).toMatch(/Nothing to be done/);
  });

  it('`make test` serves the function through the hand-over, prints the URL, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const make = startMake(['test', `PACKAGE=${uniquePackage()}`, `PORT=${port}`]);
    const host = track(new HostProcess(make, port));
    await host.output(`http://localhost:${port}/execute`, 'stdout', 120_000);
    expect(await (await fetch(host.url('/execute'))).text()).toBe('Hello from Go! You asked for /execute.\n');
    // Ctrl-C: the terminal signals the whole foreground process group. make
    // itself reports the interrupt, as it always does; the function shuts
    // down gracefully and nothing is left running.
    process.kill(-make.pid!, 'SIGINT');
    await host.exited;
    expect(host.stderr).toMatch(/interrupt: finishing in-flight requests/);
    expect(host.stdout).toMatch(/go-handoff: the function stopped \(exit status 0\)/);
    expect(() => process.kill(-make.pid!, 0)).toThrow(/ESRCH/);
  });

  it('`make godev` runs the Go function alone, without Node.js', async () => {
    const port = await freePort();
    const make = startMake(['godev', `PORT=${port}`]);
    const host = track(new HostProcess(make, port));
    await host.ready(120_000);
    expect(await (await fetch(host.url('/execute'))).text()).toBe('Hello from Go! You asked for /execute.\n');
    expect(host.stderr).toMatch(/serving on .*opened on \$PORT/);
    process.kill(-make.pid!, 'SIGINT');
    await host.exited;
  });

  it('fails a broken function with the compiler message, naming the file in the function folder', () => {
    const folder = path.join(scratch, 'broken');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'main.go'), 'package main\n\nfunc main() { undefinedThing() }\n');
    let message = '';
    try {
      execFileSync('make', ['--no-print-directory', `FUNCTION=${folder}`, `PACKAGE=${uniquePackage()}`], { cwd: repoRoot, stdio: 'pipe' });
    } catch (error) {
      message = String((error as { stderr: Buffer }).stderr);
    }
    expect(message).toContain(`${folder}/main.go:3:15: undefined: undefinedThing`);
  });
});
