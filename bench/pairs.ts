// The precise answer to "does the hand-over serve like Go alone?". Rounds
// compare variants measured seconds apart, and this shared machine's speed
// wanders more than the 3% in question between them. Here Go alone (i) and
// the hand-over (ii) run side by side (one idles while the other is
// measured), and short measurements alternate, ABBA, many times: the ratio
// of each back-to-back pair is then as free of drift as this machine allows.
import { freePort } from '../test/helpers/ports';
import { type BenchConfig, headlineConcurrency } from './config';
import { runWrk } from './load/wrk';
import { foreignCores, snapshot, waitForQuiet } from './quiet';
import { QUIET_WAIT_MS, start } from './round';
import type { Samples } from './samples';
import type { Scenario } from './scenarios';
import type { Served } from './served';
import { variant } from './variants';

export async function runPairs(hello: Scenario, config: BenchConfig, samples: Samples): Promise<void> {
  if (config.pairs === 0) return;
  const connections = headlineConcurrency(config.concurrencies);
  const started: Served[] = [];
  try {
    const goAlone = start(hello, variant('i'), await freePort(), config);
    started.push(goAlone);
    const handoff = start(hello, variant('ii'), await freePort(), config);
    started.push(handoff);
    await Promise.all(started.map((served) => served.firstAnswer(hello.probe)));
    const load = (served: Served, seconds: number) =>
      runWrk({ url: `http://127.0.0.1:${served.port}${hello.load.path}`, connections, seconds, cpu: config.cpus?.load });
    for (const served of started) await load(served, Math.max(config.warmupSeconds, 1));

    console.log(`(i) and (ii) back to back, c=${connections}, ${config.pairs} pairs of ${config.pairSeconds} s`);
    for (let pair = 0; pair < config.pairs; pair++) {
      await waitForQuiet(config.maxForeignCores, QUIET_WAIT_MS);
      const before = snapshot();
      const first = pair % 2 === 0 ? 'i' : 'ii';
      const a = await load(first === 'i' ? goAlone : handoff, config.pairSeconds);
      const b = await load(first === 'i' ? handoff : goAlone, config.pairSeconds);
      const [goAloneReport, handoffReport] = first === 'i' ? [a, b] : [b, a];
      samples.pairs.push({ pair, concurrency: connections, goAlone: goAloneReport, handoff: handoffReport, first, foreignCores: foreignCores(before, snapshot()) });
      console.log(`  pair ${pair + 1}: (ii)/(i) = ${(handoffReport.requestsPerSecond / goAloneReport.requestsPerSecond).toFixed(3)} (${Math.round(goAloneReport.requestsPerSecond)} and ${Math.round(handoffReport.requestsPerSecond)} req/s)`);
    }
  } finally {
    await Promise.all(started.map((served) => served.stop()));
  }
}
