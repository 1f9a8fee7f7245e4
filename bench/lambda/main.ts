// `make bench-lambda` (and part of `make bench`): invocations/s, latency and
// RSS of the same function on Lambda Managed Instances, run four ways
// (lmi-variants.ts), under AWS's emulator in its Managed Instances mode, at
// AWS_LAMBDA_MAX_CONCURRENCY 1, 8 and 64; written into bench/RESULTS.md
// between the bench-lambda markers.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { extractArchive } from '../../src/package/extract-archive';
import { ManagedInstances, managedInstancesUnavailable, stopAllManagedInstances } from '../../test/helpers/lambda-managed-instances';
import { lambdaRic, requireLambdaRic } from '../../test/helpers/lambda-ric';
import { lambdaRie } from '../../test/helpers/lambda-rie';
import { ms } from '../format';
import { describeMachine } from '../machine';
import { benchPaths } from '../paths';
import { percentile } from '../stats';
import { foreignCores, snapshot, waitForQuiet } from '../quiet';
import { replaceGenerated } from '../report';
import { treeRss } from '../rss';
import { type InvokeReport, runInvokeLoad } from './invoke-load';
import { type LmiConfig, nodeWorkerCount, readLmiConfig } from './lmi-config';
import { LMI_BEGIN, LMI_END, type LmiSample, lmiTargets, renderLmiRun } from './lmi-summary';
import { checkAnswer, type LmiVariant, lmiRoundOrder, type Work, workEvent } from './lmi-variants';

const ATTEMPTS = 3;
const QUIET_WAIT_MS = 60_000;

type TaskRoots = Record<LmiVariant['taskRoot'], string>;

/** The three functions as /var/task folders, readable by the emulator's sandbox user. */
async function prepareTaskRoots(scratch: string): Promise<TaskRoots> {
  const roots: TaskRoots = { handoff: path.join(scratch, 'handoff'), js: path.join(scratch, 'js'), 'aws-go': path.join(scratch, 'aws-go') };
  await extractArchive(benchPaths.lambdaWorkZip, roots.handoff);
  fs.cpSync(benchPaths.lambdaWorkJs, roots.js, { recursive: true });
  fs.mkdirSync(roots['aws-go']);
  fs.copyFileSync(benchPaths.lambdaWorkAws, path.join(roots['aws-go'], 'handler'));
  fs.chmodSync(path.join(roots['aws-go'], 'handler'), 0o755);
  for (const dir of [scratch, ...Object.values(roots)]) fs.chmodSync(dir, 0o755);
  return roots;
}

/** Resolves once the runtime answers an invocation (the emulator refuses them until its runtime polls). */
async function firstAnswer(lmi: ManagedInstances, work: Work): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await lmi.invoke(workEvent(work)).catch((error: Error) => ({ status: 0, body: error.message }));
    if (answer.status === 200) {
      const wrong = checkAnswer(work, answer.body);
      if (wrong) throw new Error(`the first answer was wrong: ${wrong}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`no answer within a minute; the last: ${answer.status} ${answer.body}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Measured {
  report: InvokeReport;
  foreignCores: number;
  attempts: number;
}

/** Measures once, or again when the rest of the machine got in the way; keeps the least disturbed. */
async function measureQuietly(config: LmiConfig, load: () => Promise<InvokeReport>): Promise<Measured> {
  let best: Measured | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const busy = await waitForQuiet(config.maxForeignCores, QUIET_WAIT_MS);
    if (busy > config.maxForeignCores) console.log(`    the rest of the machine still used ${busy.toFixed(2)} cores after ${QUIET_WAIT_MS / 1000} s of waiting: measuring anyway`);
    const before = snapshot();
    const report = await load();
    const cores = foreignCores(before, snapshot());
    if (!best || cores < best.foreignCores) best = { report, foreignCores: cores, attempts: attempt };
    best.attempts = attempt;
    if (cores <= config.maxForeignCores) break;
    console.log(`    the rest of the machine used ${cores.toFixed(2)} cores meanwhile${attempt < ATTEMPTS ? ': measuring again' : ''}`);
  }
  return best!;
}

async function measure(round: number, work: Work, concurrency: number, variant: LmiVariant, roots: TaskRoots, config: LmiConfig): Promise<LmiSample> {
  const workers = nodeWorkerCount(config);
  const lmi = await ManagedInstances.launch(roots[variant.taskRoot], {
    bootstrap: variant.bootstrap(lambdaRic),
    concurrency,
    recorder: 'none',
    discardOutput: true,
    runtimeCpus: config.cpus ? String(config.cpus.runtime) : undefined,
    emulatorCpus: config.cpus ? String(config.cpus.load) : undefined,
    env: { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '2048', ...(workers ? { AWS_LAMBDA_NODEJS_WORKER_COUNT: workers } : {}) },
  });
  try {
    await lmi.host.ready();
    await firstAnswer(lmi, work);
    const load = (seconds: number) => runInvokeLoad({ port: lmi.invokePort, concurrency, seconds, payload: workEvent(work), check: (body) => checkAnswer(work, body) });
    if (config.warmupSeconds > 0) await load(config.warmupSeconds);
    const runtime = lmi.runtimePid();
    if (runtime === undefined) throw new Error(`${variant.label}: the runtime is gone after the warm-up`);
    const rssAfterWarmup = treeRss(runtime).bytes;
    const { report, foreignCores: cores, attempts } = await measureQuietly(config, () => load(config.seconds));
    const rssAfterLoad = treeRss(runtime).bytes;
    const sample: LmiSample = {
      round,
      work,
      concurrency,
      variant: variant.key,
      invocations: report.invocations,
      perSecond: report.perSecond,
      p50Ms: report.latenciesMs.length > 0 ? percentile(report.latenciesMs, 50) : Number.NaN,
      p99Ms: report.latenciesMs.length > 0 ? percentile(report.latenciesMs, 99) : Number.NaN,
      retries: report.retries,
      errors: report.errors,
      rssAfterWarmup,
      rssAfterLoad,
      foreignCores: cores,
      attempts,
    };
    const errors = report.errors > 0 ? `, ${report.errors} errors (first: ${report.firstError})` : '';
    console.log(
      `  ${work} c=${concurrency} ${variant.key}: ${Math.round(sample.perSecond)} invocations/s, p50 ${ms(sample.p50Ms)} ms, p99 ${ms(sample.p99Ms)} ms, ${report.retries} retries, RSS ${(rssAfterLoad / 2 ** 20).toFixed(1)} MiB (others used ${cores.toFixed(2)} cores${errors})`,
    );
    return sample;
  } finally {
    await lmi.close();
  }
}

/** The runner, and with it the callers, on the load CPU: the runtime has its own. */
function pinThisProcess(config: LmiConfig): void {
  if (config.cpus) execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(config.cpus.load), String(process.pid)], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  const config = readLmiConfig(process.env, os.cpus().length);
  const unavailable = managedInstancesUnavailable();
  if (unavailable) throw new Error(`the emulator's Lambda Managed Instances mode runs here in a mount namespace, which this machine refuses: ${unavailable}`);
  requireLambdaRic();
  pinThisProcess(config);
  const machine = describeMachine();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-bench-lambda-'));
  const samples: LmiSample[] = [];
  const started = performance.now();
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  try {
    const roots = await prepareTaskRoots(scratch);
    for (let round = 0; round < config.rounds; round++) {
      const order = lmiRoundOrder(round).filter((v) => config.variants.includes(v.key));
      console.log(`round ${round + 1}/${config.rounds}: ${order.map((v) => v.key).join(', ')}`);
      for (const work of config.works) {
        for (const concurrency of config.concurrencies) {
          for (const variant of order) samples.push(await measure(round, work, concurrency, variant, roots, config));
        }
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const settings = ['BENCH_LAMBDA_ROUNDS', 'BENCH_LAMBDA_SECONDS', 'BENCH_LAMBDA_CONCURRENCY', 'BENCH_LAMBDA_WORKS', 'BENCH_LAMBDA_VARIANTS', 'BENCH_PIN'].filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]}`);
  const rie = path.basename(path.dirname(lambdaRie));
  const versions = Object.entries(machine.versions).filter(([name]) => /^(Go|Node\.js)$/.test(name)).map(([n, v]) => `${n} ${v}`);
  const rendered = renderLmiRun({
    command: ['make bench-lambda', ...settings].join(' '),
    startedAt,
    minutes: (performance.now() - started) / 60_000,
    config,
    machine: `${machine.cpu}, ${machine.cores} cores, ${machine.kernel}; ${versions.join(', ')}, aws-lambda-rie ${rie}, aws-lambda-ric ${lambdaRic.label}; load average ${os.loadavg()[0].toFixed(1)} at the end`,
    samples,
  });
  const results = process.env.BENCH_RESULTS || benchPaths.results;
  const previous = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '# Benchmark results\n';
  fs.writeFileSync(results, replaceGenerated(previous, rendered, LMI_BEGIN, LMI_END));
  fs.writeFileSync(path.join(benchPaths.cache, 'lambda.json'), JSON.stringify({ startedAt, config, samples }, null, 2));
  for (const target of lmiTargets(samples, config.concurrencies)) console.log(`${target.met ? 'met' : 'MISSED'}: ${target.what} = ${target.value.toFixed(2)} (${target.limit})`);
  console.log(`wrote ${results}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAllManagedInstances().finally(() => {
      console.error(`bench-lambda: stopped by ${signal}; no results written`);
      process.exit(130);
    });
  });
}

main().catch(async (error: unknown) => {
  await stopAllManagedInstances();
  console.error(`bench-lambda: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
