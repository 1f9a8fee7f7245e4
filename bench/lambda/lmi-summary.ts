// The numbers of `make bench-lambda` and its part of bench/RESULTS.md. Pure.
import { mebibytes, ms, requestsPerSecond, table, times } from '../format';
import { RETRY_MS } from './invoke-load';
import { median, ratio } from '../stats';
import type { LmiConfig } from './lmi-config';
import { LMI_VARIANTS, type LmiVariantKey, lmiVariant, type Work, WORKS } from './lmi-variants';

export interface LmiSample {
  round: number;
  work: Work;
  concurrency: number;
  variant: LmiVariantKey;
  invocations: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Attempts refused with Runtime.Unavailable and sent again (invoke-load.ts). */
  retries: number;
  errors: number;
  /** Bytes, the runtime process and its descendants, after the warm-up and after the measurement. */
  rssAfterWarmup: number;
  rssAfterLoad: number;
  /** CPU cores the rest of the machine used meanwhile, and the measurements it took to get a quiet one. */
  foreignCores: number;
  attempts: number;
}

export type LmiField = 'perSecond' | 'p50Ms' | 'p99Ms' | 'rssAfterWarmup' | 'rssAfterLoad';

export interface LmiKey {
  work: Work;
  concurrency: number;
}

function of(samples: readonly LmiSample[], key: LmiKey, variant: LmiVariantKey): LmiSample[] {
  return samples.filter((s) => s.work === key.work && s.concurrency === key.concurrency && s.variant === variant);
}

/** The median over rounds. */
export function lmiMedian(samples: readonly LmiSample[], key: LmiKey, variant: LmiVariantKey, field: LmiField): number {
  const values = of(samples, key, variant).map((s) => s[field]);
  return values.length === 0 ? Number.NaN : median(values);
}

/** The median of the per-round ratios variant / baseline: both measured in the same round, minutes apart at most. */
export function lmiRatio(samples: readonly LmiSample[], key: LmiKey, field: LmiField, variant: LmiVariantKey, baseline: LmiVariantKey): number {
  const ratios: number[] = [];
  for (const sample of of(samples, key, variant)) {
    const base = of(samples, key, baseline).find((s) => s.round === sample.round);
    if (base) ratios.push(ratio(sample[field], base[field]));
  }
  const finite = ratios.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : median(finite);
}

export interface LmiTarget {
  what: string;
  value: number;
  limit: string;
  met: boolean;
}

/**
 * The goals, for both of go-handoff's ways: at least JavaScript's
 * invocations/s at every concurrency, within 10% of aws-lambda-go alone,
 * and an RSS below JavaScript's.
 */
export function lmiTargets(samples: readonly LmiSample[], concurrencies: readonly number[]): LmiTarget[] {
  const targets: LmiTarget[] = [];
  for (const { work } of WORKS) {
    for (const concurrency of concurrencies) {
      const key = { work, concurrency };
      for (const v of ['handoff', 'wrapper'] as const) {
        const name = `${v === 'handoff' ? 'hand-over' : 'exec-wrapper'}, ${work}, c=${concurrency}`;
        const overJs = lmiRatio(samples, key, 'perSecond', v, 'js');
        const overGo = lmiRatio(samples, key, 'perSecond', v, 'aws-go');
        const rss = lmiRatio(samples, key, 'rssAfterLoad', v, 'js');
        targets.push(
          { what: `${name}: invocations/s ÷ JavaScript's`, value: overJs, limit: '≥ 1.00', met: overJs >= 1 },
          { what: `${name}: invocations/s ÷ aws-lambda-go's`, value: overGo, limit: '≥ 0.90', met: overGo >= 0.9 },
          { what: `${name}: RSS ÷ JavaScript's`, value: rss, limit: '< 1.00', met: rss < 1 },
        );
      }
    }
  }
  return targets;
}

export interface LmiRun {
  command: string;
  startedAt: string;
  minutes: number;
  config: LmiConfig;
  machine: string;
  samples: LmiSample[];
}

const label = (v: LmiVariantKey) => lmiVariant(v).label;

function settings(run: LmiRun): string {
  const c = run.config;
  return [
    `- Command: \`${run.command}\`, started ${run.startedAt}, took ${run.minutes.toFixed(0)} min. ${run.machine}.`,
    `- AWS's emulator (aws-lambda-rie) in its Lambda Managed Instances mode, in a mount namespace of its own with the function at /var/task (test/helpers/lambda-managed-instances.ts), started afresh for every measurement with AWS_LAMBDA_MAX_CONCURRENCY = c.`,
    `- ${c.rounds} interleaved rounds (variant order rotated each round). In each, for both works and every c, every variant in turn is started, warmed up for ${c.warmupSeconds} s, measured for ${c.seconds} s, and stopped. Load: c callers, each invoking again as soon as it is answered (bench/lambda/invoke-load.ts); an invocation the emulator refuses because no runtime waits in GET /next (it queues nothing) is sent again ${RETRY_MS} ms later, counted as a retry, and timed from its first attempt.`,
    `- Numbers are medians over rounds; ratios are medians of the per-round ratios (both measured in the same round).`,
    c.cpus
      ? `- Pinning: the runtime runs on CPU ${c.cpus.runtime} only (\`taskset\` in its bootstrap), as on a one-vCPU instance, with aws-lambda-ric's 8 worker threads per vCPU; the emulator and the callers on CPU ${c.cpus.load}.`
      : '- No CPU pinning (BENCH_PIN=0).',
    `- RSS: VmRSS of the runtime process and its descendants (/proc), after the warm-up and after the measurement.`,
    `- The machine is shared: a measurement during which everything else used more than ${c.maxForeignCores} cores is repeated, up to 3 times, keeping the least disturbed.`,
  ].join('\n');
}

function workTable(run: LmiRun, work: Work): string {
  const rows: string[][] = [];
  for (const concurrency of run.config.concurrencies) {
    const key = { work, concurrency };
    for (const { key: v } of LMI_VARIANTS) {
      const runs = of(run.samples, key, v);
      const retries = runs.reduce((sum, s) => sum + s.retries, 0);
      const invocations = runs.reduce((sum, s) => sum + s.invocations, 0);
      rows.push([
        String(concurrency),
        label(v),
        requestsPerSecond(lmiMedian(run.samples, key, v, 'perSecond')),
        times(lmiRatio(run.samples, key, 'perSecond', v, 'js')),
        times(lmiRatio(run.samples, key, 'perSecond', v, 'aws-go')),
        ms(lmiMedian(run.samples, key, v, 'p50Ms')),
        ms(lmiMedian(run.samples, key, v, 'p99Ms')),
        times(lmiRatio(run.samples, key, 'p99Ms', v, 'aws-go')),
        invocations > 0 ? (retries / invocations).toFixed(2) : 'n/a',
        String(runs.reduce((sum, s) => sum + s.errors, 0)),
        mebibytes(lmiMedian(run.samples, key, v, 'rssAfterWarmup')),
        mebibytes(lmiMedian(run.samples, key, v, 'rssAfterLoad')),
        times(lmiRatio(run.samples, key, 'rssAfterLoad', v, 'js')),
      ]);
    }
  }
  return table(['c', 'variant', 'invocations/s', '× JS', '× aws-lambda-go', 'p50 ms', 'p99 ms', 'p99 × aws-lambda-go', 'retries per invocation', 'errors', 'RSS after warm-up', 'RSS after', 'RSS × JS'], rows, 2);
}

function everyMeasurement(run: LmiRun): string {
  const rows = run.samples.map((s) => [
    String(s.round + 1),
    s.work,
    String(s.concurrency),
    s.variant,
    requestsPerSecond(s.perSecond),
    ms(s.p50Ms),
    ms(s.p99Ms),
    String(s.retries),
    String(s.errors),
    mebibytes(s.rssAfterLoad),
    s.foreignCores.toFixed(2),
    String(s.attempts),
  ]);
  return table(['round', 'work', 'c', 'variant', 'invocations/s', 'p50 ms', 'p99 ms', 'retries', 'errors', 'RSS after', 'other load (cores)', 'attempts'], rows, 4);
}

export function renderLmiRun(run: LmiRun): string {
  const targets = lmiTargets(run.samples, run.config.concurrencies).map((t) => [t.what, times(t.value), t.limit, t.met ? 'met' : '**missed**']);
  return [
    '## Lambda Managed Instances (`make bench-lambda`)',
    '',
    settings(run),
    '',
    '| variant | what runs |',
    '| --- | --- |',
    ...LMI_VARIANTS.map((v) => `| ${v.key} | ${v.label} |`),
    '',
    ...WORKS.flatMap(({ work, title }) => [`### The function ${title}`, '', workTable(run, work), '']),
    '### Targets',
    '',
    table(['target', 'measured', 'goal', ''], targets),
    '',
    '<details><summary>Every measurement</summary>',
    '',
    everyMeasurement(run),
    '',
    '</details>',
  ].join('\n');
}

export const LMI_BEGIN = '<!-- make bench-lambda: generated from here -->';
export const LMI_END = '<!-- make bench-lambda: generated up to here -->';
