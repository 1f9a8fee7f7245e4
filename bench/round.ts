// One interleaved round. For each scenario and concurrency, every variant in
// turn is started, warmed up, measured and stopped: the measurements that
// are compared follow each other within seconds, which a shared machine's
// drifts cannot come between. Then every variant starts cold, in turn,
// again and again.
import { performance } from 'node:perf_hooks';

import { freePort } from '../test/helpers/ports';
import type { BenchConfig } from './config';
import { ms } from './format';
import type { WrkReport } from './load/parse-wrk';
import { runWrk } from './load/wrk';
import { foreignCores, snapshot, waitForQuiet } from './quiet';
import type { Samples } from './samples';
import type { Scenario } from './scenarios';
import { Served } from './served';
import { VARIANTS, type Variant } from './variants';

const ATTEMPTS = 3;
export const QUIET_WAIT_MS = 60_000;

/** The variants in round r's order: rotated, so that none always runs first or after the same neighbour. */
export function roundOrder(round: number): Variant[] {
  const shift = round % VARIANTS.length;
  return [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)];
}

export function start(scenario: Scenario, variant: Variant, port: number, config: BenchConfig): Served {
  return Served.spawn(`(${variant.key}) ${variant.name}`, variant.launch(scenario.forms, port), port, config.cpus?.server);
}

interface Measured {
  report: WrkReport;
  serverCpuUsPerRequest: number;
  foreignCores: number;
  attempts: number;
}

/** Measures once, or more when the rest of the machine got in the way; keeps the least disturbed. */
async function measureQuietly(config: BenchConfig, served: Served, measure: () => Promise<WrkReport>): Promise<Measured> {
  let best: Measured | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const busy = await waitForQuiet(config.maxForeignCores, QUIET_WAIT_MS);
    if (busy > config.maxForeignCores) console.log(`    the rest of the machine still used ${busy.toFixed(2)} cores after ${QUIET_WAIT_MS / 1000} s of waiting: measuring anyway`);
    const before = snapshot();
    const cpuBefore = served.cpuSeconds();
    const report = await measure();
    const serverCpuUsPerRequest = ((served.cpuSeconds() - cpuBefore) * 1e6) / report.requests;
    const cores = foreignCores(before, snapshot());
    if (!best || cores < best.foreignCores) best = { report, serverCpuUsPerRequest, foreignCores: cores, attempts: attempt };
    best.attempts = attempt;
    if (cores <= config.maxForeignCores) break;
    console.log(`    the rest of the machine used ${cores.toFixed(2)} cores meanwhile${attempt < ATTEMPTS ? ': measuring again' : ''}`);
  }
  return best!;
}

async function measure(round: number, scenario: Scenario, connections: number, variant: Variant, config: BenchConfig, samples: Samples): Promise<void> {
  const port = await freePort();
  const served = start(scenario, variant, port, config);
  try {
    await served.firstAnswer(scenario.probe);
    const url = `http://127.0.0.1:${port}${scenario.load.path}`;
    const load = (seconds: number) => runWrk({ url, connections, seconds, cpu: config.cpus?.load, script: scenario.load.script, env: scenario.load.env });
    if (config.warmupSeconds > 0) await load(config.warmupSeconds);
    const afterWarmup = served.memory();
    const measured = await measureQuietly(config, served, () => load(config.seconds));
    const afterLoad = served.memory();
    samples.load.push({ round, scenario: scenario.name, variant: variant.key, concurrency: connections, ...measured });
    samples.rss.push({ round, scenario: scenario.name, variant: variant.key, concurrency: connections, afterWarmup: afterWarmup.bytes, afterLoad: afterLoad.bytes, processes: afterLoad.processes });
    const { report } = measured;
    const errors = report.socketErrors + report.badResponses > 0 ? `, ${report.socketErrors} socket errors, ${report.badResponses} bad answers` : '';
    console.log(
      `  ${scenario.name} (${variant.key}) c=${connections}: ${Math.round(report.requestsPerSecond)} req/s, p50 ${ms(report.latencyMs.p50)} ms, p99 ${ms(report.latencyMs.p99)} ms, ${measured.serverCpuUsPerRequest.toFixed(0)} µs CPU/request (others used ${measured.foreignCores.toFixed(2)} cores${errors})`,
    );
  } finally {
    await served.stop();
  }
}

async function coldStart(round: number, scenario: Scenario, variant: Variant, config: BenchConfig, samples: Samples): Promise<void> {
  const port = await freePort();
  await waitForQuiet(config.maxForeignCores, QUIET_WAIT_MS / 6);
  const before = snapshot();
  const started = performance.now();
  const served = start(scenario, variant, port, config);
  try {
    await served.firstAnswer(scenario.probe);
    const elapsed = performance.now() - started;
    samples.coldStarts.push({ round, variant: variant.key, ms: elapsed, foreignCores: foreignCores(before, snapshot()) });
  } finally {
    await served.stop();
  }
}

export async function runRound(round: number, scenarios: Scenario[], config: BenchConfig, samples: Samples): Promise<void> {
  const order = roundOrder(round);
  console.log(`round ${round + 1}/${config.rounds}: ${order.map((v) => `(${v.key})`).join(' ')}`);
  for (const scenario of scenarios) {
    for (const connections of scenario.concurrencies) {
      for (const variant of order) await measure(round, scenario, connections, variant, config, samples);
    }
  }
  const hello = scenarios.find((s) => s.name === 'hello')!;
  for (let run = 0; run < config.coldStartsPerRound; run++) {
    for (const variant of order) await coldStart(round, hello, variant, config, samples);
  }
  const last = samples.coldStarts.slice(-config.coldStartsPerRound * order.length);
  console.log(`  cold starts: ${order.map((v) => `(${v.key}) ${last.filter((s) => s.variant === v.key).map((s) => s.ms.toFixed(0)).join(' ')} ms`).join('; ')}`);
}
