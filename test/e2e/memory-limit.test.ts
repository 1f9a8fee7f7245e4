// Go's soft memory limit, from the memory the platform gives the instance:
// the churning function of test/fixtures/churn (150 MiB live, 400 blocks of
// 2 MiB written and dropped per request) keeps its peak resident memory
// (VmHWM) under a 256 MiB instance given each way a platform says it: the
// buildpack's NODE_OPTIONS=--max-old-space-size=192, the same flag on
// node's command line, Lambda's AWS_LAMBDA_FUNCTION_MEMORY_SIZE (under
// functions-framework, and under AWS's emulator with aws-lambda-ric), and a
// cgroup's limit. With nothing said, it passes 256 MiB: the test can fail.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { functionsFrameworkFlags, functionsFrameworkMain } from '../../src/serve/functions-framework';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { LambdaEmulator, stopAllEmulators } from '../helpers/lambda-rie';
import { makeMemoryCgroup, type MemoryCgroup } from '../helpers/memory-cgroup';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

const MiB = 2 ** 20;
const INSTANCE = 256 * MiB;
const REQUESTS = 6;
const CHURNED = 'churned 800 MiB with 150 MiB live';
/** What the SDK logs for a 256 MiB instance (go/internal/memlimit). */
const CHOSEN = /go-handoff: Go's memory limit is 192 MiB: the instance has 256 MiB, from ([^\n]*), less 64 MiB for memory outside Go's heap/;

/** The platform's signs of an instance's memory, none of which the test's own environment may bring in. */
const UNSAID: NodeJS.ProcessEnv = { GOMEMLIMIT: undefined, NODE_OPTIONS: undefined, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: undefined, FUNCTION_MEMORY_MB: undefined, GO_HANDOFF_MAX_OLD_SPACE_SIZE: undefined };

const cgroups: MemoryCgroup[] = [];
afterEach(async () => {
  await stopAllHosts();
  await stopAllEmulators();
  for (const cgroup of cgroups.splice(0)) await cgroup.remove();
  removeUnpacked();
});

/** VmHWM of /proc/<pid>/status: the process's peak resident memory since its last exec. */
function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Sends the requests one after the other, checks each answer, and returns the Go process's peak. */
async function churn(host: HostProcess): Promise<number> {
  expect(executableOf(host.pid)).toMatch(/\/handler$/);
  for (let i = 0; i < REQUESTS; i++) {
    const answer = await fetch(host.url('/'));
    expect(await answer.text()).toMatch(new RegExp(`^${CHURNED}`));
  }
  return peakRss(host.pid);
}

/** functions-framework on dir, started with `node <nodeArgs> main.js` (and, given a cgroup, inside it from the start). */
async function startHost(dir: string, options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; cgroup?: MemoryCgroup } = {}): Promise<HostProcess> {
  const port = await freePort();
  const node = [process.execPath, ...(options.nodeArgs ?? []), functionsFrameworkMain().script, ...functionsFrameworkFlags({ source: dir, port })];
  // In the cgroup before Node.js starts: the shell joins it, then execs node.
  const [command, ...args] = options.cgroup ? ['/bin/sh', '-c', `echo $$ > '${options.cgroup.procs}' && exec "$@"`, 'sh', ...node] : node;
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, ...UNSAID, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const host = await track(new HostProcess(child, port)).ready();
  return host.handedOver();
}

describe('the churning function, on a 256 MiB instance', () => {
  it('passes 256 MiB when nothing gives Go a limit', async () => {
    const host = await startHost(await unpackArchive('churn'));
    const peak = await churn(host);
    expect(peak, `peak ${Math.round(peak / MiB)} MiB`).toBeGreaterThan(INSTANCE);
    expect(host.stderr).not.toMatch(CHOSEN);
  });

  it.each([
    { way: "the buildpack's NODE_OPTIONS=--max-old-space-size=192", env: { NODE_OPTIONS: '--max-old-space-size=192' }, from: /^--max-old-space-size=192 in NODE_OPTIONS/ },
    { way: "--max-old-space-size=192 on node's command line", nodeArgs: ['--max-old-space-size=192'], from: /^--max-old-space-size=192 on node's command line/ },
    { way: 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256', env: { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256' }, from: /^AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256$/ },
  ])('stays under it given $way', async ({ env, nodeArgs, from }) => {
    const host = await startHost(await unpackArchive('churn'), { env, nodeArgs });
    const peak = await churn(host);
    expect(peak, `peak ${Math.round(peak / MiB)} MiB`).toBeLessThan(INSTANCE);
    expect(CHOSEN.exec(host.stderr)?.[1]).toMatch(from);
  });

  it("stays under it given a cgroup's limit, where the test can make a cgroup", async (ctx) => {
    const cgroup = makeMemoryCgroup(INSTANCE);
    if (typeof cgroup === 'string') return ctx.skip(cgroup);
    cgroups.push(cgroup);
    const host = await startHost(await unpackArchive('churn'), { cgroup });
    const peak = await churn(host);
    expect(peak, `peak ${Math.round(peak / MiB)} MiB`).toBeLessThan(INSTANCE);
    expect(CHOSEN.exec(host.stderr)?.[1]).toBe(`the cgroup's ${cgroup.dir}/${cgroup.version === 'v2' ? 'memory.max' : 'memory.limit_in_bytes'}`);
  });

  it("stays under it on Lambda's runtime, under AWS's emulator with AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", async () => {
    const rie = await LambdaEmulator.start(await unpackArchive('churn'), { env: { ...UNSAID, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256' } });
    const event = { version: '2.0', routeKey: '$default', rawPath: '/', rawQueryString: '', headers: { host: 'fn.lambda-url.us-east-1.on.aws' }, requestContext: { http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1' } }, isBase64Encoded: false };
    for (let i = 0; i < REQUESTS; i++) {
      const answer = (await rie.invoke(event)).json as { statusCode: number; body: string };
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toMatch(new RegExp(`^${CHURNED}`));
    }
    const runtime = rie.runtimePid()!;
    expect(executableOf(runtime)).toMatch(/\/handler$/);
    const peak = peakRss(runtime);
    expect(peak, `peak ${Math.round(peak / MiB)} MiB`).toBeLessThan(INSTANCE);
    expect(CHOSEN.exec(rie.host.stdout + rie.host.stderr)?.[1]).toBe('AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256');
  });
});
