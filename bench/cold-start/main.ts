// `make bench-cold` (and the end of `make bench`): cold starts of the same
// function under each host and hand-over, interleaved, written into
// bench/RESULTS.md between the bench-cold markers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { functionsFrameworkMain } from '../../src/serve/functions-framework';
import { extractArchive } from '../../src/package/extract-archive';
import { childrenOf, lambdaRie, nodeBootstrap, requireLambdaRie } from '../../test/helpers/lambda-rie';
import { requireLambdaRic } from '../../test/helpers/lambda-ric';
import { freePort } from '../../test/helpers/ports';
import { describeMachine } from '../machine';
import { benchPaths } from '../paths';
import { replaceGenerated } from '../report';
import { killAllServed, Served } from '../served';
import { coldOrder, coldProbe, type ColdPaths, type ColdVariant } from './cold-variants';
import { COLD_BEGIN, COLD_END, type ColdSample, coldStats, coldTargets, renderColdRun } from './summary';
import { COLD_VARIANTS } from './cold-variants';
import { waitForQuiet } from '../quiet';

/** The machine, the versions that matter here (not the load tools'), and how busy it was. */
function describeForCold(machine: ReturnType<typeof describeMachine>, loadAverage: number): string {
  const versions = Object.entries(machine.versions).filter(([name]) => !/^(wrk|hyperfine)$/.test(name));
  const rie = path.basename(path.dirname(lambdaRie));
  return `${machine.cpu}, ${machine.cores} cores, ${machine.kernel}; ${versions.map(([n, v]) => `${n} ${v}`).join(', ')}, aws-lambda-rie ${rie}, aws-lambda-ric on Node.js 22; load average ${loadAverage.toFixed(1)} at the start`;
}

function runsWanted(env: NodeJS.ProcessEnv): number {
  const text = env.BENCH_COLD_RUNS || '15';
  const runs = Number(text);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_COLD_RUNS=${JSON.stringify(text)}: give a whole number of runs, e.g. 15`);
  return runs;
}

async function preparePaths(scratch: string): Promise<ColdPaths> {
  requireLambdaRie();
  const ric = requireLambdaRic();
  const unpacked = path.join(scratch, 'hello');
  await extractArchive(benchPaths.helloZip, unpacked);
  const { binary } = (JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { goHandoff: { binary: string } }).goHandoff;
  return {
    functionsFramework: functionsFrameworkMain().script,
    unpacked,
    binary: path.join(unpacked, binary),
    jsDir: benchPaths.helloJs,
    jsTarget: 'hello',
    rie: lambdaRie,
    nodeBootstrap,
    lambdaNode: ric.node,
    lambdaRic: ric.client,
  };
}

async function coldStart(variant: ColdVariant, paths: ColdPaths): Promise<number> {
  const [port, api] = [await freePort(), await freePort()];
  // Up to two seconds for the rest of the shared machine to calm down.
  await waitForQuiet(0.3, 2_000);
  const started = performance.now();
  const served = Served.spawn(variant.label, variant.launch(paths, port, api), port, undefined);
  try {
    await served.firstAnswer(coldProbe(variant));
    return performance.now() - started;
  } finally {
    // The emulator starts its runtime in a process group of its own.
    const runtimes = variant.host === 'lambda' ? childrenOf(served.pid) : [];
    for (const pid of runtimes) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await served.stop();
  }
}

async function main(): Promise<void> {
  const runs = runsWanted(process.env);
  const machine = describeMachine();
  const loadAverage = os.loadavg()[0];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-bench-cold-'));
  const samples: ColdSample[] = [];
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  try {
    const paths = await preparePaths(scratch);
    // One unmeasured start of each first: the page cache, as on a warm host.
    for (const variant of COLD_VARIANTS) await coldStart(variant, paths);
    for (let run = 0; run < runs; run++) {
      const order = coldOrder(run);
      const line: string[] = [];
      for (const variant of order) {
        const elapsed = await coldStart(variant, paths);
        samples.push({ run, variant: variant.key, ms: elapsed });
        line.push(`(${variant.key}) ${elapsed.toFixed(0)}`);
      }
      console.log(`cold starts, run ${run + 1}/${runs}: ${line.join(', ')} ms`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const command = ['make bench-cold', ...(process.env.BENCH_COLD_RUNS ? [`BENCH_COLD_RUNS=${process.env.BENCH_COLD_RUNS}`] : [])].join(' ');
  const rendered = renderColdRun({ command, startedAt, runs, machine: describeForCold(machine, loadAverage), samples });
  const results = process.env.BENCH_RESULTS || benchPaths.results;
  const previous = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '# Benchmark results\n';
  fs.writeFileSync(results, replaceGenerated(previous, rendered, COLD_BEGIN, COLD_END));
  fs.writeFileSync(path.join(benchPaths.cache, 'cold-starts.json'), JSON.stringify({ startedAt, runs, samples }, null, 2));
  for (const variant of COLD_VARIANTS) console.log(`${variant.label}: median ${coldStats(samples, variant.key).medianMs.toFixed(1)} ms`);
  for (const target of coldTargets(samples)) console.log(`${target.met ? 'met' : 'MISSED'}: ${target.what} = ${target.value} (${target.limit})`);
  console.log(`wrote ${results}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServed();
    console.error(`bench-cold: stopped by ${signal}; no results written`);
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  killAllServed();
  console.error(`bench-cold: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
