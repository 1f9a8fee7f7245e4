// Renders a run as Markdown: the part of bench/RESULTS.md that `make bench`
// rewrites. Pure.
import { coldStartRatio, coldStartStats, type LoadKey, loadErrors, loadMedian, loadRatio, pairStats, rssMedian, rssRatio } from './aggregate';
import type { BuildFacts } from './build-facts';
import { type BenchConfig, headlineConcurrency } from './config';
import { mebibytes, ms, requestsPerSecond, table, times } from './format';
import type { Machine } from './machine';
import type { LoadSample, Samples } from './samples';
import { checkTargets, type TargetCheck } from './targets';
import { VARIANTS, type VariantKey } from './variants';

export interface RunRecord {
  command: string;
  startedAt: string;
  minutes: number;
  config: BenchConfig;
  machine: Machine;
  facts: BuildFacts;
  scenarios: { name: string; title: string; concurrencies: number[] }[];
  samples: Samples;
  notes: string[];
}

const variantLabel = (key: string) => `(${key}) ${VARIANTS.find((v) => v.key === key)!.name}`;

function settings(run: RunRecord): string {
  const c = run.config;
  return [
    `- Command: \`${run.command}\`, started ${run.startedAt}, took ${run.minutes.toFixed(0)} min.`,
    `- ${c.rounds} interleaved rounds (variant order rotated each round). In each, for every case and concurrency, every variant in turn is started, warmed up for ${c.warmupSeconds} s, measured for ${c.seconds} s with \`wrk --threads 1 --latency\` on loopback, and stopped.`,
    `- Numbers are medians over rounds. Ratios are the median of the per-round ratios (both variants measured in the same round).`,
    ...(c.pairs > 0
      ? [`- Then, for the hand-over's claim, (i) and (ii) run side by side and are measured alternately (ABBA), ${c.pairs} pairs of ${c.pairSeconds} s each side at c=${headlineConcurrency(c.concurrencies)}; the ratio of each pair, then their median.`]
      : []),
    `- Cold start: ${c.coldStartsPerRound} runs per variant per round (${c.coldStartsPerRound * c.rounds} in all), from spawn to the first \`200 ok\` on \`/execute\`, polling a new connection every millisecond; files are in the page cache.`,
    c.cpus
      ? `- Pinning: the serving processes run on CPU ${c.cpus.server} only (\`taskset\`), as on a 1-vCPU instance; wrk runs on CPU ${c.cpus.load}.`
      : '- No CPU pinning (BENCH_PIN=0): wrk and the server share all cores.',
    `- The machine is shared. Before each measurement the benchmark waits (up to 60 s; 10 s before a cold start) until everything else uses at most ${c.maxForeignCores} cores; a measurement during which everything else used more is repeated, up to 3 times, keeping the least disturbed ("other load" and "attempts" below).`,
    `- Server CPU per request: user and system time of the serving processes over the measurement (/proc, clock ticks), divided by the requests wrk completed. It is what each variant costs per request, whether or not the load saturates it (at c=1 it does not).`,
    `- RSS: VmRSS summed over the serving process and all its descendants (/proc), after the warm-up and after the measurement.`,
  ].join('\n');
}

function machine(run: RunRecord): string {
  const m = run.machine;
  return table(
    ['', ''],
    [
      ['CPU', `${m.cpu}, ${m.cores} cores`],
      ['memory', `${m.memoryGiB} GiB`],
      ['kernel', m.kernel],
      ...Object.entries(m.versions).map(([name, version]) => [name, `\`${version}\``]),
    ],
    2,
  );
}

function summary(run: RunRecord): string {
  const hello = run.scenarios.find((s) => s.name === 'hello')!;
  const key = { scenario: 'hello', concurrency: headlineConcurrency(hello.concurrencies) };
  const { load, rss, coldStarts } = run.samples;
  return table(
    ['variant', 'req/s', '× (i)', 'p50 ms', 'p99 ms', 'p99 × (i)', 'RSS', 'RSS × (i)', 'cold start (median)', 'cold start (p90)'],
    VARIANTS.map(({ key: v }) => {
      const cold = coldStartStats(coldStarts, v);
      return [
        variantLabel(v),
        ...throughputCells(load, key, v),
        mebibytes(rssMedian(rss, key, v, 'afterWarmup')),
        times(rssRatio(rss, key, 'afterWarmup', v, 'i')),
        `${ms(cold.medianMs)} ms`,
        `${ms(cold.p90Ms)} ms`,
      ];
    }),
  );
}

/** req/s, × (i), p50, p99, p99 × (i): the columns every load table starts with. */
function throughputCells(load: readonly LoadSample[], key: LoadKey, v: VariantKey): string[] {
  return [
    requestsPerSecond(loadMedian(load, key, v, 'rps')),
    times(loadRatio(load, key, 'rps', v, 'i')),
    ms(loadMedian(load, key, v, 'p50')),
    ms(loadMedian(load, key, v, 'p99')),
    times(loadRatio(load, key, 'p99', v, 'i')),
  ];
}

function loadTable(run: RunRecord, scenario: { name: string; concurrencies: number[] }): string {
  const { load } = run.samples;
  const rows = scenario.concurrencies.flatMap((concurrency) =>
    VARIANTS.map(({ key: v }) => {
      const key = { scenario: scenario.name, concurrency };
      const errors = loadErrors(load, key, v);
      return [
        String(concurrency),
        variantLabel(v),
        ...throughputCells(load, key, v),
        loadMedian(load, key, v, 'cpu').toFixed(1),
        times(loadRatio(load, key, 'cpu', v, 'i')),
        times(loadRatio(load, key, 'rps', 'ii', v)),
        errors === 0 ? '0' : `**${errors}**`,
      ];
    }),
  );
  return table(['c', 'variant', 'req/s', '× (i)', 'p50 ms', 'p99 ms', 'p99 × (i)', 'server CPU µs/request', '× (i)', '(ii) req/s × this', 'errors'], rows, 2);
}

function pairsTable(run: RunRecord): string {
  const stats = pairStats(run.samples.pairs);
  const spread = (s: { median: number; p25: number; p75: number }) => `${times(s.median)} (middle half of the pairs: ${times(s.p25)} to ${times(s.p75)})`;
  const disturbed = run.samples.pairs.filter((p) => p.foreignCores > run.config.maxForeignCores).length;
  return table(
    ['', ''],
    [
      ['pairs', `${stats.pairs}, of ${run.config.pairSeconds} s each side, at c=${run.samples.pairs[0]?.concurrency}; ${disturbed} with other load above ${run.config.maxForeignCores} cores`],
      ['(ii)/(i) requests/s', spread(stats.rps)],
      ['(ii)/(i) p99 latency', spread(stats.p99)],
    ],
    2,
  );
}

function memoryTable(run: RunRecord): string {
  const { rss } = run.samples;
  const hello = run.scenarios.find((s) => s.name === 'hello')!;
  const cell = (v: VariantKey, concurrency: number) => {
    const key = { scenario: 'hello', concurrency };
    return `${mebibytes(rssMedian(rss, key, v, 'afterWarmup'))} (${times(rssRatio(rss, key, 'afterWarmup', v, 'i'))}); ${mebibytes(rssMedian(rss, key, v, 'afterLoad'))}`;
  };
  return table(
    ['variant', 'processes', ...hello.concurrencies.map((c) => `c=${c}: after warm-up (× (i)); after the measurement`)],
    VARIANTS.map(({ key: v }) => [
      variantLabel(v),
      String(rss.find((s) => s.variant === v && s.scenario === 'hello')?.processes ?? 'n/a'),
      ...hello.concurrencies.map((c) => cell(v, c)),
    ]),
    2,
  );
}

function coldStartTable(run: RunRecord): string {
  const { coldStarts } = run.samples;
  return table(
    ['variant', 'runs', 'median', 'p90', '× (i)', '× (iv)'],
    VARIANTS.map(({ key: v }) => {
      const stats = coldStartStats(coldStarts, v);
      return [variantLabel(v), String(stats.runs), `${ms(stats.medianMs)} ms`, `${ms(stats.p90Ms)} ms`, times(coldStartRatio(coldStarts, v, 'i')), times(coldStartRatio(coldStarts, v, 'iv'))];
    }),
  );
}

function buildTable(facts: BuildFacts): string {
  const make = facts.noopMake;
  return table(
    ['', ''],
    [
      ['hello-world `function.zip` (`make`, from go/function)', `${facts.defaultZipBytes.toLocaleString('en-US')} bytes (${(facts.defaultZipBytes / 1e6).toFixed(2)} MB)`],
      ["the benchmark's archive (bench/functions/hello)", `${facts.helloZipBytes.toLocaleString('en-US')} bytes (${(facts.helloZipBytes / 1e6).toFixed(2)} MB)`],
      [`\`make\` with nothing changed (hyperfine, ${make.runs} runs)`, `median ${make.medianSeconds.toFixed(3)} s (min ${make.minSeconds.toFixed(3)}, max ${make.maxSeconds.toFixed(3)})`],
    ],
    2,
  );
}

function shown(check: TargetCheck, value: number): string {
  if (check.unit === 'x') return times(value);
  return `${check.unit === 's' ? value.toFixed(3) : value.toFixed(2)} ${check.unit}`;
}

export function targetTable(checks: TargetCheck[]): string {
  return table(
    ['target', 'measured', 'limit', ''],
    checks.map((c) => [c.target, shown(c, c.measured), `${c.bound === 'min' ? '≥' : '≤'} ${shown(c, c.limit)}`, c.met ? 'met' : '**missed**']),
  );
}

function perRound(run: RunRecord): string {
  const rows = run.samples.load.map((s) => [
    String(s.round + 1),
    s.scenario,
    String(s.concurrency),
    `(${s.variant})`,
    requestsPerSecond(s.report.requestsPerSecond),
    ms(s.report.latencyMs.p50),
    ms(s.report.latencyMs.p99),
    s.serverCpuUsPerRequest.toFixed(1),
    s.foreignCores.toFixed(2),
    String(s.attempts),
  ]);
  return table(['round', 'case', 'c', 'variant', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'other load (cores)', 'attempts'], rows, 4);
}

export function renderRun(run: RunRecord): string {
  const hello = run.scenarios.find((s) => s.name === 'hello')!;
  const payload = run.scenarios.find((s) => s.name === 'payload');
  const parts = [
    '## The run',
    settings(run),
    ...run.notes.map((note) => `- ${note}`),
    '### Machine and versions',
    machine(run),
    `### Summary: trivial handler at c=${headlineConcurrency(hello.concurrencies)}`,
    summary(run),
    '### Targets',
    targetTable(checkTargets(run.samples, run.facts, hello.concurrencies)),
    `### ${hello.title}: concurrency sweep`,
    loadTable(run, hello),
  ];
  if (payload) parts.push(`### ${payload.title}`, loadTable(run, payload));
  parts.push(
    ...(run.samples.pairs.length > 0
      ? [
          '### Hand-over against Go alone, back to back',
          'Both running side by side, measured alternately (ABBA) in short runs: each ratio compares measurements a few seconds apart.',
          pairsTable(run),
        ]
      : []),
    '### Memory (trivial handler)',
    memoryTable(run),
    '### Cold start',
    coldStartTable(run),
    '### Build',
    buildTable(run.facts),
    '### Every measurement',
    '<details><summary>Per round</summary>\n\n' + perRound(run) + '\n\n</details>',
  );
  return parts.join('\n\n') + '\n';
}

export const BEGIN = '<!-- make bench: generated from here -->';
export const END = '<!-- make bench: generated up to here -->';

/** document with the text between the markers replaced (markers appended when missing). */
export function replaceGenerated(document: string, generated: string, beginMarker = BEGIN, endMarker = END): string {
  const block = `${beginMarker}\n\n${generated.trim()}\n\n${endMarker}`;
  const begin = document.indexOf(beginMarker);
  const end = document.indexOf(endMarker);
  if (begin === -1 || end === -1 || end < begin) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, begin) + block + document.slice(end + endMarker.length);
}
