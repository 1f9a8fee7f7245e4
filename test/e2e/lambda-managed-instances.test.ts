// The same function.zip on Lambda Managed Instances, under AWS's own
// emulator (aws-lambda-rie) in its Managed Instances mode
// (AWS_LAMBDA_MAX_CONCURRENCY set): one runtime process serves that many
// invocations at once, and an invocation no runtime waits for is refused at
// once (Runtime.Unavailable).
//
// Each test starts the emulator in a private mount namespace it sets up
// itself (`unshare --mount --propagation private`, with the unpacked archive
// bind-mounted on /var/task and the bootstrap on /var/runtime/bootstrap:
// test/helpers/lambda-managed-instances.ts), because in this mode the
// emulator runs /var/runtime/bootstrap whatever its command line says. The
// namespace, and every mount in it, ends with the emulator; the tests stop
// it after each. A machine that cannot (not root, no unshare) skips them,
// and the skipped suite's name says why.
//
// The runtimes: Lambda's Node.js runtime (the real aws-lambda-ric, on
// Node.js 22 and 24, loading index.js in its worker threads, which hands
// over), the same with AWS_LAMBDA_EXEC_WRAPPER (no Node.js), and the Go
// binary alone as the bootstrap.
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { lambdaRicOn } from '../helpers/lambda-ric';
import { type Bootstrap, type Invocation, ManagedInstances, managedInstancesUnavailable, runsFile, stopAllManagedInstances } from '../helpers/lambda-managed-instances';
import { childrenOf } from '../helpers/lambda-rie';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

const unavailable = managedInstancesUnavailable();
const GO_USER_AGENT = /^go-handoff \(go/;

afterEach(async () => {
  await stopAllManagedInstances();
  removeUnpacked();
});

interface Report {
  requestId: string;
  trace: string;
  traceEnv: string;
  startMs: number;
  endMs: number;
  deadlineMs: number;
  contextErr?: string;
  pid: number;
}

const RUNTIMES: { name: string; bootstrap: Bootstrap; handsOver: boolean }[] = [
  { name: 'aws-lambda-ric on Node.js 22, the usual hand-over from its worker threads', bootstrap: { kind: 'node', ric: lambdaRicOn('22') }, handsOver: true },
  { name: 'aws-lambda-ric on Node.js 24, the usual hand-over from its worker threads', bootstrap: { kind: 'node', ric: lambdaRicOn('24') }, handsOver: true },
  { name: 'AWS_LAMBDA_EXEC_WRAPPER=exec-wrapper, no Node.js', bootstrap: { kind: 'exec-wrapper', ric: lambdaRicOn('22') }, handsOver: false },
  { name: 'the Go binary alone as the bootstrap', bootstrap: { kind: 'binary' }, handsOver: false },
];

async function start(archive: string, bootstrap: Bootstrap, concurrency: number, options: { timeoutSeconds?: number } = {}): Promise<{ lmi: ManagedInstances; dir: string }> {
  const dir = await unpackArchive(archive);
  return { lmi: await ManagedInstances.start(dir, { bootstrap, concurrency, ...options }), dir };
}

/** n invocations at once; each answer with what its function reported. */
async function invokeAll(lmi: ManagedInstances, payloads: unknown[], headers: (i: number) => Record<string, string> = () => ({})): Promise<(Invocation & { report: Report })[]> {
  const answers = await Promise.all(payloads.map((payload, i) => lmi.invoke(payload, headers(i))));
  return answers.map((answer) => ({ ...answer, report: answer.json as Report }));
}

/** Whether every interval overlaps every other: all began before any ended. */
function allOverlap(reports: { startMs: number; endMs: number }[]): boolean {
  return Math.max(...reports.map((r) => r.startMs)) < Math.min(...reports.map((r) => r.endMs));
}

describe.skipIf(unavailable)(`Lambda Managed Instances under aws-lambda-rie${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  describe.each(RUNTIMES)('$name', ({ bootstrap, handsOver }) => {
    it('serves AWS_LAMBDA_MAX_CONCURRENCY invocations at once in the one Go process, each with its own request id, trace and deadline', async () => {
      const n = 8;
      const { lmi, dir } = await start('lambda-lmi', bootstrap, n);
      // Ready: n polls open at once, every one of them Go's.
      expect(lmi.recorder.openPolls).toBe(n);
      const pid = lmi.runtimePid()!;
      expect(runsFile(pid, path.join(dir, 'handler'))).toBe(true);
      expect(childrenOf(pid)).toEqual([]);

      const answers = await invokeAll(lmi, Array(n).fill({ mode: 'sleep', ms: 700 }), (i) => ({ 'X-Amzn-Trace-Id': `Root=1-00000000-00000000000000000000000${i}` }));
      for (const answer of answers) expect(answer.status, answer.body).toBe(200);
      const reports = answers.map((a) => a.report);
      expect(allOverlap(reports)).toBe(true);
      expect(new Set(reports.map((r) => r.pid))).toEqual(new Set([pid]));
      expect(new Set(reports.map((r) => r.requestId)).size).toBe(n);
      for (const [i, report] of reports.entries()) {
        expect(report.trace).toContain(`Root=1-00000000-00000000000000000000000${i}`);
        expect(report.traceEnv).toBe(''); // no process-wide trace id with several invocations at once
        expect(report.deadlineMs).toBeGreaterThan(answers[i].sentAt + 200_000); // the emulator's 300 s timeout
      }
      expect(lmi.recorder.callsTo('/invocation/next').every((call) => GO_USER_AGENT.test(call.userAgent))).toBe(true);
      const becomes = lmi.output.match(/go-handoff: pid \d+ becomes/g) ?? [];
      expect(becomes).toHaveLength(handsOver ? 1 : bootstrap.kind === 'exec-wrapper' ? 1 : 0);
    });

    it('keeps deadlines per invocation: one that overruns fails alone, and the process goes on', async () => {
      const { lmi } = await start('lambda-lmi', bootstrap, 4, { timeoutSeconds: 2 });
      const pid = lmi.runtimePid()!;
      // Deaf to its context: it overruns its 2 s, and Lambda fails it.
      const overrun = lmi.invoke({ mode: 'sleep', ms: 3500 });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // A second later, one with a deadline of its own, a second after the first's.
      const later = await lmi.invoke({ mode: 'wait', ms: 300 });
      const first = await overrun;
      expect(first.json).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 2.00 seconds' });
      expect(later.status, later.body).toBe(200);
      const report = later.json as Report;
      expect(report.contextErr).toBeUndefined();
      expect(report.deadlineMs).toBeGreaterThanOrEqual(later.sentAt + 2000 - 100);
      expect(report.deadlineMs).toBeLessThanOrEqual(later.answeredAt + 2000);
      expect(report.deadlineMs - (first.sentAt + 2000)).toBeGreaterThan(700);
      // The overrun's answer comes late and is refused; the process serves on.
      await lmi.host.output('the answer came too late, Lambda no longer takes it', 'stdout', 5_000);
      const after = await lmi.invoke({ mode: 'sleep', ms: 0 });
      expect(after.status, after.body).toBe(200);
      expect((after.json as Report).pid).toBe(pid);
      expect(lmi.runtimePid()).toBe(pid);
    });

    it('reports a panic as its own invocation\'s error, answers the others in flight, then exits for a fresh process', async () => {
      const { lmi } = await start('lambda-lmi', bootstrap, 4);
      const pid = lmi.runtimePid()!;
      const answers = await Promise.all([
        lmi.invoke({ mode: 'sleep', ms: 1200 }),
        lmi.invoke({ mode: 'panic', ms: 200 }),
        lmi.invoke({ mode: 'sleep', ms: 1200 }),
      ]);
      const [calm1, boom, calm2] = answers;
      expect(boom.json).toMatchObject({ errorType: 'string', errorMessage: 'on purpose, after 200ms' });
      for (const calm of [calm1, calm2]) {
        expect(calm.status, calm.body).toBe(200);
        expect((calm.json as Report).pid).toBe(pid);
        // Answered after the panic: it did not take them with it.
        expect(calm.answeredAt).toBeGreaterThan(boom.answeredAt);
      }
      // The 4 polls of the start, none after: the panic stopped them all.
      expect(lmi.recorder.callsTo('/invocation/next')).toHaveLength(4);
      await expect.poll(() => childrenOf(lmi.host.pid).includes(pid), { timeout: 10_000 }).toBe(false);
    });
  });

  describe.each([lambdaRicOn('22'), lambdaRicOn('24')])('aws-lambda-ric on $label', (ric) => {
    it('hands over once, from one of its 16 worker threads, before any of them asks for an invocation: invocations sent meanwhile are refused or answered by Go, none lost or left hanging', async () => {
      const dir = await unpackArchive('lambda-lmi');
      const n = 8;
      const lmi = await ManagedInstances.launch(dir, { bootstrap: { kind: 'node', ric }, concurrency: n, env: { AWS_LAMBDA_NODEJS_WORKER_COUNT: '16' } });
      let ready = false;
      const readiness = lmi.host.ready().then(() => lmi.runtimeReady(n)).finally(() => (ready = true));
      // From the moment the emulator starts until the runtime is ready (and a
      // little after), an invocation every 10 ms. Each either finds no
      // emulator yet (refused connection), finds no runtime waiting (400
      // Runtime.Unavailable, at once: nothing was given to anyone), or is
      // served by Go. None may hang, and none may be answered by Node.js.
      const sent: Promise<string>[] = [];
      const classify = async (): Promise<string> => {
        try {
          const answer = await lmi.invoke({ mode: 'sleep', ms: 0 }, {}, 10_000);
          if (answer.status === 200) return `served by ${(answer.json as Report).pid}`;
          if (answer.status === 400 && answer.body.includes('Runtime.Unavailable')) return 'refused: no runtime waiting';
          return `answered ${answer.status}: ${answer.body}`;
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause?.code;
          return cause === 'ECONNREFUSED' ? 'refused: not listening yet' : `failed: ${String(error)}`;
        }
      };
      for (let extra = 0; !ready || extra < 20; extra += ready ? 1 : 0) {
        sent.push(classify());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await readiness;
      const outcomes = await Promise.all(sent);
      const pid = lmi.runtimePid()!;
      expect(runsFile(pid, path.join(dir, 'handler'))).toBe(true);
      const unexpected = outcomes.filter((o) => o !== `served by ${pid}` && !o.startsWith('refused: '));
      expect(unexpected).toEqual([]);
      expect(outcomes).toContain(`served by ${pid}`);

      // One hand-over, from one worker thread; no worker ever asked for an invocation.
      expect(lmi.output.match(/go-handoff: pid \d+ becomes/g)).toHaveLength(1);
      const nexts = lmi.recorder.callsTo('/invocation/next');
      expect(nexts.length).toBeGreaterThanOrEqual(n);
      expect(nexts.filter((call) => !GO_USER_AGENT.test(call.userAgent))).toEqual([]);
    });
  });

  describe.each([
    { name: 'the usual hand-over, aws-lambda-ric on Node.js 24', bootstrap: { kind: 'node', ric: lambdaRicOn('24') } as Bootstrap },
    { name: 'exec-wrapper', bootstrap: { kind: 'exec-wrapper', ric: lambdaRicOn('22') } as Bootstrap },
  ])('a program on the real aws-lambda-go (1.51 or later), $name', ({ bootstrap }) => {
    it('runs its own AWS_LAMBDA_MAX_CONCURRENCY loops after the exec', async () => {
      const n = 4;
      const { lmi, dir } = await start('lambda-go', bootstrap, n);
      const pid = lmi.runtimePid()!;
      expect(runsFile(pid, path.join(dir, 'handler'))).toBe(true);
      const answers = await Promise.all(Array.from({ length: n }, (_, i) => lmi.invoke({ name: `n${i}`, sleepMs: 700 })));
      const replies = answers.map((a) => a.json as { greeting: string; requestId: string; traceEnv: string; pid: number; startMs: number; endMs: number });
      expect(replies.map((r) => r.greeting)).toEqual(Array.from({ length: n }, (_, i) => `Hello, n${i}!`));
      expect(allOverlap(replies)).toBe(true);
      expect(new Set(replies.map((r) => r.pid))).toEqual(new Set([pid]));
      expect(new Set(replies.map((r) => r.requestId)).size).toBe(n);
      expect(replies.map((r) => r.traceEnv)).toEqual(Array(n).fill(''));
      // Its own loops: aws-lambda-go's client asked for every invocation.
      expect(lmi.recorder.callsTo('/invocation/next').every((call) => /^aws-lambda-go\//.test(call.userAgent))).toBe(true);
    });
  });
});
