// `make bench-memory` (and the end of `make bench`): peak RSS and requests/s
// of the churning function with and without Go's memory limit, in
// alternating runs, written into bench/RESULTS.md between the bench-memory
// markers. Settings: BENCH_MEMORY_RUNS (5), BENCH_MEMORY_SECONDS (10),
// BENCH_MEMORY_CONNECTIONS (1), BENCH_PIN as for `make bench`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { extractArchive } from '../../src/package/extract-archive';
import { functionsFrameworkMain } from '../../src/serve/functions-framework';
import { freePort } from '../../test/helpers/ports';
import { readConfig, wholeNumberSetting } from '../config';
import { runWrk } from '../load/wrk';
import { describeMachine } from '../machine';
import { benchPaths } from '../paths';
import { foreignCores, snapshot, waitForQuiet } from '../quiet';
import { replaceGenerated } from '../report';
import { killAllServed, Served } from '../served';
import { churnProbe, type MemoryVariant, memoryOrder, MEMORY_VARIANTS } from './memory-variants';
import { MEMORY_BEGIN, MEMORY_END, type MemorySample, memoryStats, memoryTargets, renderMemoryRun } from './summary';

/** VmHWM and VmRSS of /proc/<pid>/status, in bytes. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { peak: field('VmHWM'), now: field('VmRSS') };
}

async function measure(variant: MemoryVariant, run: number, unpacked: string, settings: { seconds: number; connections: number; cpus?: { load: number; server: number } }): Promise<MemorySample> {
  const port = await freePort();
  await waitForQuiet(0.3, 10_000);
  const served = Served.spawn(variant.label, variant.launch(functionsFrameworkMain().script, unpacked, port), port, settings.cpus?.server);
  try {
    await served.firstAnswer(churnProbe);
    const before = snapshot();
    const report = await runWrk({ url: `http://127.0.0.1:${port}/`, connections: settings.connections, seconds: settings.seconds, cpu: settings.cpus?.load });
    const busy = foreignCores(before, snapshot());
    const memory = memoryOf(served.pid);
    return {
      run,
      variant: variant.key,
      requestsPerSecond: report.requestsPerSecond,
      p50Ms: report.latencyMs.p50,
      p99Ms: report.latencyMs.p99,
      peakRssBytes: memory.peak,
      endRssBytes: memory.now,
      errors: report.socketErrors + report.badResponses,
      foreignCores: busy,
    };
  } finally {
    await served.stop();
  }
}

async function main(): Promise<void> {
  const runs = wholeNumberSetting(process.env, 'BENCH_MEMORY_RUNS', 5);
  const seconds = wholeNumberSetting(process.env, 'BENCH_MEMORY_SECONDS', 10);
  const connections = wholeNumberSetting(process.env, 'BENCH_MEMORY_CONNECTIONS', 1);
  const { cpus } = readConfig(process.env, os.cpus().length);
  const machine = describeMachine();
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-bench-memory-'));
  const samples: MemorySample[] = [];
  try {
    const unpacked = path.join(scratch, 'churn');
    await extractArchive(benchPaths.churnZip, unpacked);
    for (let run = 0; run < runs; run++) {
      const line: string[] = [];
      for (const variant of memoryOrder(run)) {
        const sample = await measure(variant, run, unpacked, { seconds, connections, cpus });
        samples.push(sample);
        line.push(`${variant.key}: ${sample.requestsPerSecond.toFixed(1)} req/s, peak ${(sample.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
      }
      console.log(`memory, run ${run + 1}/${runs}: ${line.join('; ')}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const settings = Object.entries(process.env)
    .filter(([name]) => /^BENCH_(MEMORY_|PIN$)/.test(name))
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  const rendered = renderMemoryRun({
    command: ['make bench-memory', ...settings].join(' '),
    startedAt,
    machine: `${machine.cpu}, ${machine.cores} cores, ${machine.kernel}; ${machine.versions.Go}, Node.js ${machine.versions['Node.js']}, @google-cloud/functions-framework ${machine.versions['@google-cloud/functions-framework']}; load average ${os.loadavg()[0].toFixed(1)} at the end`,
    runs,
    seconds,
    connections,
    pinned: cpus !== undefined,
    samples,
  });
  const results = process.env.BENCH_RESULTS || benchPaths.results;
  const previous = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '# Benchmark results\n';
  fs.writeFileSync(results, replaceGenerated(previous, rendered, MEMORY_BEGIN, MEMORY_END));
  fs.writeFileSync(path.join(benchPaths.cache, 'memory.json'), JSON.stringify({ startedAt, runs, seconds, connections, samples }, null, 2));
  for (const variant of MEMORY_VARIANTS) {
    const stats = memoryStats(samples, variant.key);
    console.log(`${variant.label}: median ${stats.requestsPerSecond.toFixed(1)} req/s, peak RSS median ${(stats.peakRssBytes / 2 ** 20).toFixed(0)} MiB, highest ${(stats.highestPeakRssBytes / 2 ** 20).toFixed(0)} MiB`);
  }
  for (const target of memoryTargets(samples)) console.log(`${target.met ? 'met' : 'MISSED'}: ${target.what} = ${target.value} (${target.limit})`);
  console.log(`wrote ${results}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServed();
    console.error(`bench-memory: stopped by ${signal}; no results written`);
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  killAllServed();
  console.error(`bench-memory: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
