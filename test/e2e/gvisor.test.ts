// The hand-over inside gVisor, the sandbox Cloud Functions' 1st gen and
// Cloud Run's first-generation environment run functions in: Debian's runsc,
// `runsc --network=none do`, around the real functions-framework on the
// unpacked archive. gVisor implements Linux's system calls itself (execve,
// the descriptor moves and fcntl flags the addon makes, SO_ACCEPTCONN,
// /proc), so each case below is the hand-over against another kernel: the
// usual hand-over, the early one, a hand-over whose execve fails (the host
// must keep serving 500s), and SIGTERM with a request in flight. Everything
// runs inside the sandbox (test/helpers/gvisor.ts says why); where this
// machine refuses gVisor, each test says so and skips.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it, type TestContext } from 'vitest';

import { functionsFrameworkFlags, functionsFrameworkMain } from '../../src/serve/functions-framework';
import { gvisorRefusal, runInGvisor, type SandboxAnswer, type SandboxPlan, type SandboxReport } from '../helpers/gvisor';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(removeUnpacked);

/** The sandbox has a network of its own: functions-framework's default port cannot clash there. */
const PORT = 8080;

function requireGvisor(ctx: TestContext): void {
  const refused = gvisorRefusal();
  if (refused) ctx.skip(refused);
}

/** functions-framework on dir, as the other hand-over tests start it: node on its entry script. */
function launch(dir: string, env: NodeJS.ProcessEnv = {}): SandboxPlan['launch'] {
  return { command: process.execPath, args: [functionsFrameworkMain().script, ...functionsFrameworkFlags({ source: dir, port: PORT, target: 'probeTarget' })], cwd: dir, env };
}

function answers(report: SandboxReport): SandboxAnswer[] {
  expect(report.error, `${report.error}\n${report.stdout}\n${report.stderr}`).toBeUndefined();
  return report.steps.filter((step): step is SandboxAnswer => 'status' in step);
}

function exeOf(report: SandboxReport): string {
  return (report.steps.find((step) => 'exe' in step) as { exe: string }).exe;
}

describe('inside gVisor (runsc)', () => {
  it('hands over when functions-framework listens: the host pid serves from the Go binary', async (ctx) => {
    requireGvisor(ctx);
    const dir = await unpackArchive('probe');
    const report = await runInGvisor({ launch: launch(dir), port: PORT, steps: [{ get: '/pid' }, { exe: true }, { get: '/execute' }] });
    const [pid, execute] = answers(report);
    expect(pid).toMatchObject({ status: 200, body: String(report.pid) });
    expect(execute).toMatchObject({ status: 200, body: 'probe: GET /execute\n' });
    expect(exeOf(report)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(report.stdout).toMatch(new RegExp(`go-handoff: pid ${report.pid} becomes \\S+handler \\(functions-framework, http \\S+:${PORT} fd \\d+\\)`));
  });

  it('hands over early, with NODE_OPTIONS="--require ./index.js"', async (ctx) => {
    requireGvisor(ctx);
    const dir = await unpackArchive('probe');
    const report = await runInGvisor({ launch: launch(dir, { NODE_OPTIONS: '--require ./index.js' }), port: PORT, steps: [{ get: '/pid' }, { exe: true }] });
    const [pid] = answers(report);
    expect(pid).toMatchObject({ status: 200, body: String(report.pid) });
    expect(exeOf(report)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(report.stdout).toContain(`go-handoff: pid ${report.pid} becomes ${path.join(dir, 'handler')} (early, no sockets)`);
    expect(report.stdout).not.toMatch(/Serving function/);
  });

  it('keeps serving 500s that name the cause when execve fails, with every descriptor given back to Node.js', async (ctx) => {
    requireGvisor(ctx);
    const dir = await unpackArchive('probe');
    // Passes every check before exec; execve itself fails, inside the sandbox's kernel.
    fs.writeFileSync(path.join(dir, 'handler'), '#!/nonexistent/interpreter\n', { mode: 0o755 });
    const report = await runInGvisor({ launch: launch(dir), port: PORT, steps: [{ get: '/pid' }, { get: '/' }, { exe: true }] });
    for (const answer of answers(report)) {
      expect(answer.status).toBe(500);
      expect(answer.error).toBe('ENOENT');
      expect(answer.body).toMatch(/Could not exec the Go binary \S+handler: ENOENT: No such file or directory, execve/);
    }
    expect(report.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    expect(exeOf(report)).toBe(fs.realpathSync(process.execPath));
  });

  it('finishes the request in flight on SIGTERM, then exits 0', async (ctx) => {
    requireGvisor(ctx);
    const dir = await unpackArchive('probe');
    const report = await runInGvisor({ launch: launch(dir), port: PORT, steps: [{ exe: true }, { sigtermDuring: '/slow?ms=700', startedWhen: 'probe slow: started' }] });
    const [slow] = answers(report);
    expect(exeOf(report)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(slow).toMatchObject({ status: 200, body: 'probe: GET /slow\n', exit: { code: 0, signal: null } });
    expect(report.stderr).toMatch(/go-handoff: terminated: finishing in-flight requests/);
  });
});
