// The pure parts of `make bench-lambda` (bench/lambda), and its load against
// a stand-in for the emulator's invoke endpoint.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { runInvokeLoad } from '../../bench/lambda/invoke-load';
import { nodeWorkerCount, readLmiConfig } from '../../bench/lambda/lmi-config';
import { LMI_BEGIN, type LmiSample, lmiMedian, lmiRatio, lmiTargets, renderLmiRun } from '../../bench/lambda/lmi-summary';
import { BURN_RESULT, checkAnswer, LMI_VARIANTS, lmiRoundOrder, type LmiVariantKey, workEvent } from '../../bench/lambda/lmi-variants';
import { repoRoot } from '../helpers/archives';

describe('readLmiConfig', () => {
  it('defaults to 3 rounds at AWS_LAMBDA_MAX_CONCURRENCY 1, 8 and 64, every work and variant, pinned on two CPUs', () => {
    expect(readLmiConfig({}, 2)).toEqual({
      rounds: 3,
      seconds: 10,
      warmupSeconds: 2,
      concurrencies: [1, 8, 64],
      works: ['wait', 'burn'],
      variants: ['handoff', 'wrapper', 'js', 'aws-go'],
      maxForeignCores: 0.2,
      cpus: { runtime: 1, load: 0 },
    });
    expect(readLmiConfig({}, 1).cpus).toBeUndefined();
  });

  it('takes the BENCH_LAMBDA_* settings, and says what is wrong with a bad one', () => {
    const config = readLmiConfig({ BENCH_LAMBDA_ROUNDS: '5', BENCH_LAMBDA_CONCURRENCY: '4, 16', BENCH_LAMBDA_WORKS: 'burn', BENCH_LAMBDA_VARIANTS: 'js,handoff', BENCH_PIN: '0' }, 2);
    expect(config).toMatchObject({ rounds: 5, concurrencies: [4, 16], works: ['burn'], variants: ['handoff', 'js'], cpus: undefined });
    expect(() => readLmiConfig({ BENCH_LAMBDA_CONCURRENCY: '8,lots' }, 2)).toThrow(/BENCH_LAMBDA_CONCURRENCY="8,lots"/);
    expect(() => readLmiConfig({ BENCH_LAMBDA_VARIANTS: 'python' }, 2)).toThrow(/choose among handoff, wrapper, js, aws-go/);
    expect(() => readLmiConfig({ BENCH_PIN: '1' }, 1)).toThrow(/needs two CPUs/);
  });

  it("gives aws-lambda-ric a one-vCPU instance's 8 workers when the runtime is pinned to one CPU", () => {
    expect(nodeWorkerCount(readLmiConfig({}, 2))).toBe('8');
    expect(nodeWorkerCount(readLmiConfig({ BENCH_PIN: '0' }, 2))).toBeUndefined();
  });
});

describe('the variants', () => {
  it('rotates their order each round', () => {
    expect(lmiRoundOrder(0).map((v) => v.key)).toEqual(['handoff', 'wrapper', 'js', 'aws-go']);
    expect(lmiRoundOrder(1).map((v) => v.key)).toEqual(['wrapper', 'js', 'aws-go', 'handoff']);
    expect(lmiRoundOrder(4).map((v) => v.key)).toEqual(lmiRoundOrder(0).map((v) => v.key));
  });

  it('boot each function the way its users deploy it', () => {
    const ric = { label: 'Node.js v22', node: '/node', client: '/ric' };
    expect(LMI_VARIANTS.map((v) => [v.key, v.taskRoot, v.bootstrap(ric).kind])).toEqual([
      ['handoff', 'handoff', 'node'],
      ['wrapper', 'handoff', 'exec-wrapper'],
      ['js', 'js', 'node'],
      ['aws-go', 'aws-go', 'binary'],
    ]);
  });

  it('accept only the answer every variant must give', () => {
    expect(checkAnswer('wait', '{"work":"wait"}')).toBeUndefined();
    expect(checkAnswer('burn', `{"work":"burn","result":${BURN_RESULT}}`)).toBeUndefined();
    expect(checkAnswer('burn', '{"work":"burn","result":1}')).toMatch(/burn gave 1/);
    expect(checkAnswer('wait', '{"errorType":"Sandbox.Timedout"}')).toMatch(/not the wait it was asked/);
    expect(checkAnswer('wait', 'oops')).toMatch(/not JSON/);
    expect(JSON.parse(workEvent('burn'))).toEqual({ work: 'burn' });
  });

  it('agree on the burn result with the JavaScript function', async () => {
    const file = pathToFileURL(path.join(repoRoot, 'bench', 'functions', 'lambda-work-js', 'index.mjs')).href;
    const js = (await import(file)) as { handler: (event: unknown) => Promise<unknown> };
    expect(await js.handler({ work: 'burn' })).toEqual({ work: 'burn', result: BURN_RESULT });
  });
});

function sample(round: number, variant: LmiVariantKey, perSecond: number, rss: number): LmiSample {
  return { round, work: 'wait', concurrency: 8, variant, invocations: perSecond * 10, perSecond, p50Ms: 100, p99Ms: 110, retries: 0, errors: 0, rssAfterWarmup: rss, rssAfterLoad: rss, foreignCores: 0, attempts: 1 };
}

describe('the summary', () => {
  // Two rounds: the ratios are taken within a round, then their median.
  const samples = [
    sample(0, 'handoff', 80, 12),
    sample(0, 'wrapper', 79, 12),
    sample(0, 'js', 78, 150),
    sample(0, 'aws-go', 80, 13),
    sample(1, 'handoff', 60, 12),
    sample(1, 'wrapper', 40, 12),
    sample(1, 'js', 61, 150),
    sample(1, 'aws-go', 60, 13),
  ];
  const key = { work: 'wait' as const, concurrency: 8 };

  it('takes medians over rounds and ratios within each round', () => {
    expect(lmiMedian(samples, key, 'handoff', 'perSecond')).toBe(70);
    expect(lmiRatio(samples, key, 'perSecond', 'handoff', 'js')).toBeCloseTo((80 / 78 + 60 / 61) / 2);
    expect(lmiRatio(samples, { work: 'burn', concurrency: 8 }, 'perSecond', 'handoff', 'js')).toBeNaN();
  });

  it("checks the goals: JavaScript's invocations/s, within 10% of aws-lambda-go's, less memory than JavaScript", () => {
    const targets = lmiTargets(samples, [8]).filter((t) => t.what.includes('wait'));
    const byName = Object.fromEntries(targets.map((t) => [t.what, t.met]));
    expect(byName["hand-over, wait, c=8: invocations/s ÷ JavaScript's"]).toBe(true);
    expect(byName["hand-over, wait, c=8: invocations/s ÷ aws-lambda-go's"]).toBe(true);
    expect(byName["hand-over, wait, c=8: RSS ÷ JavaScript's"]).toBe(true);
    expect(byName["exec-wrapper, wait, c=8: invocations/s ÷ JavaScript's"]).toBe(false); // 1.01 and 0.66: median 0.84
    expect(byName["exec-wrapper, wait, c=8: invocations/s ÷ aws-lambda-go's"]).toBe(false);
  });

  it('renders tables of both works, the targets and every measurement, without the markers', () => {
    const config = readLmiConfig({ BENCH_LAMBDA_CONCURRENCY: '8' }, 2);
    const page = renderLmiRun({ command: 'make bench-lambda', startedAt: '2026-12-03T00:00:00Z', minutes: 1, config, machine: 'a machine', samples });
    expect(page).toContain('### The function waits 100 ms (a downstream call)');
    expect(page).toContain('| 8 | JavaScript on aws-lambda-ric | 70 | 1.00× |');
    expect(page).toContain("| hand-over, wait, c=8: invocations/s ÷ JavaScript's | 1.00× | ≥ 1.00 | met |");
    expect(page).not.toContain(LMI_BEGIN);
  });
});

describe('runInvokeLoad', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('sends a refused invocation again, counts the retry, and times the invocation from its first attempt', async () => {
    // Every other attempt is refused, as the emulator does when no runtime polls.
    let attempts = 0;
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (attempts++ % 2 === 0) {
          res.writeHead(400).end('{"errorType":"Runtime.Unavailable"}');
          return;
        }
        setTimeout(() => res.writeHead(200).end('{"work":"wait"}'), 20);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const report = await runInvokeLoad({ port: (server.address() as AddressInfo).port, concurrency: 1, seconds: 0.5, payload: workEvent('wait'), check: (body) => checkAnswer('wait', body) });
    expect(report.errors).toBe(0);
    expect(report.invocations).toBeGreaterThan(3);
    expect(report.retries).toBeGreaterThanOrEqual(report.invocations);
    expect(Math.min(...report.latenciesMs)).toBeGreaterThanOrEqual(20);
    expect(report.perSecond).toBeCloseTo(report.invocations / report.seconds);
  });

  it('counts wrong answers as errors and says what the first was', async () => {
    server = http.createServer((req, res) => res.writeHead(200).end('{"errorType":"Sandbox.Timedout"}'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const report = await runInvokeLoad({ port: (server.address() as AddressInfo).port, concurrency: 2, seconds: 0.2, payload: workEvent('wait'), check: (body) => checkAnswer('wait', body) });
    expect(report.invocations).toBe(0);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.firstError).toMatch(/Sandbox.Timedout/);
  });
});
