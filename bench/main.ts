// `make bench`: measures the four ways of serving the same function, in
// interleaved rounds, and writes the results into bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

import { measureBuildFacts } from './build-facts';
import { readConfig } from './config';
import { describeMachine } from './machine';
import { benchPaths } from './paths';
import { renderRun, replaceGenerated, type RunRecord, targetTable } from './report';
import { runPairs } from './pairs';
import { runRound } from './round';
import type { Samples } from './samples';
import { prepareScenarios } from './scenarios';
import { killAllServed } from './served';
import { checkTargets } from './targets';

function requireTools(tools: string[]): void {
  const missing = tools.filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error);
  if (missing.length > 0) {
    throw new Error(`the benchmark needs ${missing.join(', ')}, which this machine does not have: \`make bench\` installs them when run as root, or run \`sudo apt-get install -y wrk hyperfine\` (Debian, Ubuntu)`);
  }
}

/** The command as typed, with the settings it was given. */
function commandLine(): string {
  const settings = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_') && name !== 'BENCH_RESULTS')
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  return ['make bench', ...settings].join(' ');
}

async function main(): Promise<void> {
  const config = readConfig(process.env, os.cpus().length);
  requireTools(['wrk', 'hyperfine', ...(config.cpus ? ['taskset'] : [])]);
  const started = new Date();
  const machine = describeMachine();
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.kernel}\n${Object.entries(machine.versions).map(([name, version]) => `${name}: ${version}`).join('\n')}`);

  const facts = measureBuildFacts();
  console.log(`function.zip: ${facts.defaultZipBytes} bytes; make with nothing changed: ${facts.noopMake.medianSeconds.toFixed(3)} s`);

  const { scenarios, scratch, notes } = await prepareScenarios(config);
  notes.forEach((note) => console.log(note));
  const samples: Samples = { load: [], rss: [], coldStarts: [], pairs: [] };
  try {
    for (let round = 0; round < config.rounds; round++) await runRound(round, scenarios, config, samples);
    await runPairs(scenarios.find((s) => s.name === 'hello')!, config, samples);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const run: RunRecord = {
    command: commandLine(),
    startedAt: started.toISOString().replace(/\.\d+Z$/, 'Z'),
    minutes: (Date.now() - started.getTime()) / 60_000,
    config,
    machine,
    facts,
    scenarios: scenarios.map(({ name, title, concurrencies }) => ({ name, title, concurrencies })),
    samples,
    notes,
  };
  fs.writeFileSync(benchPaths.rawResults, JSON.stringify(run, null, 2));
  const results = process.env.BENCH_RESULTS || benchPaths.results;
  const previous = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '# Benchmark results\n';
  fs.writeFileSync(results, replaceGenerated(previous, renderRun(run)));
  console.log(`\n${targetTable(checkTargets(samples, facts, config.concurrencies))}\n\nwrote ${results} and ${benchPaths.rawResults}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServed();
    console.error(`bench: stopped by ${signal}; no results written`);
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
