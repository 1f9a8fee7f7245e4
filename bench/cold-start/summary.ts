// The cold-start benchmark's numbers and its page in bench/RESULTS.md. Pure.
import { ms, table, times } from '../format';
import { median, percentile, ratio } from '../stats';
import { COLD_VARIANTS, type ColdVariantKey } from './cold-variants';

export interface ColdSample {
  run: number;
  variant: ColdVariantKey;
  ms: number;
}

export interface ColdStats {
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
}

export function coldStats(samples: readonly ColdSample[], variant: ColdVariantKey): ColdStats {
  const values = samples.filter((s) => s.variant === variant).map((s) => s.ms);
  return { runs: values.length, medianMs: median(values), p90Ms: percentile(values, 90), minMs: Math.min(...values) };
}

export interface ColdTarget {
  what: string;
  value: string;
  limit: string;
  met: boolean;
}

/** The targets: (v)/(iv) at most 0.40; the exec wrapper at most 20 ms over Go alone under the same emulator. */
export function coldTargets(samples: readonly ColdSample[]): ColdTarget[] {
  const early = ratio(coldStats(samples, 'v').medianMs, coldStats(samples, 'iv').medianMs);
  const over = coldStats(samples, 'lambda-wrapper').medianMs - coldStats(samples, 'lambda-go').medianMs;
  return [
    { what: '(v) early hand-over / (iv) JavaScript, medians', value: times(early), limit: '≤ 0.40', met: early <= 0.4 },
    { what: 'exec-wrapper − Go alone under aws-lambda-rie, medians', value: `${ms(over)} ms`, limit: '≤ 20 ms', met: over <= 20 },
  ];
}

export interface ColdRun {
  command: string;
  startedAt: string;
  runs: number;
  machine: string;
  samples: ColdSample[];
}

export function renderColdRun(run: ColdRun): string {
  const row = (key: ColdVariantKey, baseline: ColdVariantKey) => {
    const variant = COLD_VARIANTS.find((v) => v.key === key)!;
    const stats = coldStats(run.samples, key);
    const base = COLD_VARIANTS.find((v) => v.key === baseline)!;
    return [variant.label, String(stats.runs), `${ms(stats.medianMs)} ms`, `${ms(stats.p90Ms)} ms`, `${ms(stats.minMs)} ms`, `${times(ratio(stats.medianMs, coldStats(run.samples, baseline).medianMs))} ${base.short}`];
  };
  const header = ['variant', 'runs', 'median', 'p90', 'fastest', 'median ÷ baseline'];
  const hosts = COLD_VARIANTS.filter((v) => v.host === 'functions-framework').map((v) => row(v.key, 'iv'));
  const lambda = COLD_VARIANTS.filter((v) => v.host === 'lambda').map((v) => row(v.key, 'lambda-go'));
  const targets = coldTargets(run.samples).map((t) => [t.what, t.value, t.limit, t.met ? 'met' : '**missed**']);
  return [
    `## Cold starts (\`${run.command}\`, ${run.startedAt})`,
    '',
    `${run.machine}. ${run.runs} runs of every variant, interleaved (each run starts every variant once, in a rotated order), so that the numbers compared come from the same minutes of a shared machine; ratios are of medians from this run. A cold start is the time from spawning the host to the first right answer: \`200 ok\` on \`GET /execute\` for the functions-framework rows (a new connection polled every millisecond), and for the Lambda rows the first invocation through aws-lambda-rie's invoke endpoint, an API Gateway event answered \`ok\` (the emulator starts the runtime at that first invocation, as Lambda does). Files are in the page cache.`,
    '',
    '### functions-framework (baseline: (iv), JavaScript)',
    '',
    table(header, hosts),
    '',
    '### Lambda under AWS\'s Runtime Interface Emulator (baseline: Go alone under the emulator)',
    '',
    table(header, lambda),
    '',
    '### Targets',
    '',
    table(['target', 'measured', 'limit', ''], targets),
  ].join('\n');
}

export const COLD_BEGIN = '<!-- make bench-cold: generated from here -->';
export const COLD_END = '<!-- make bench-cold: generated up to here -->';
