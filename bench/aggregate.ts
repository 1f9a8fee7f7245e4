// From a run's samples to the numbers reported: medians over rounds, and
// ratios between variants paired within each round (the variants of one
// round ran minutes apart at most, so slow drifts of a shared machine
// cancel out). Pure.
import type { ColdStartSample, LoadSample, PairSample, RssSample } from './samples';
import { median, percentile, ratio } from './stats';
import type { VariantKey } from './variants';

export type LoadMetric = 'rps' | 'p50' | 'p99' | 'cpu';
export type RssMetric = 'afterWarmup' | 'afterLoad';

function metricOf(sample: LoadSample, metric: LoadMetric): number {
  if (metric === 'cpu') return sample.serverCpuUsPerRequest;
  return metric === 'rps' ? sample.report.requestsPerSecond : sample.report.latencyMs[metric];
}

export interface LoadKey {
  scenario: string;
  concurrency: number;
}

function loadValues(samples: readonly LoadSample[], key: LoadKey, variant: VariantKey, metric: LoadMetric): Map<number, number> {
  const byRound = new Map<number, number>();
  for (const s of samples) {
    if (s.scenario === key.scenario && s.concurrency === key.concurrency && s.variant === variant) byRound.set(s.round, metricOf(s, metric));
  }
  return byRound;
}

/** Median over rounds of value(a) / value(b), using only rounds that measured both. */
function pairedRatio(a: Map<number, number>, b: Map<number, number>): number {
  const ratios = [...a].filter(([round]) => b.has(round)).map(([round, value]) => ratio(value, b.get(round)!));
  return ratios.length === 0 ? Number.NaN : median(ratios);
}

export function loadMedian(samples: readonly LoadSample[], key: LoadKey, variant: VariantKey, metric: LoadMetric): number {
  const values = [...loadValues(samples, key, variant, metric).values()];
  return values.length === 0 ? Number.NaN : median(values);
}

export function loadRatio(samples: readonly LoadSample[], key: LoadKey, metric: LoadMetric, a: VariantKey, b: VariantKey): number {
  return pairedRatio(loadValues(samples, key, a, metric), loadValues(samples, key, b, metric));
}

/** Socket errors and wrong answers over all rounds. */
export function loadErrors(samples: readonly LoadSample[], key: LoadKey, variant: VariantKey): number {
  return samples
    .filter((s) => s.scenario === key.scenario && s.concurrency === key.concurrency && s.variant === variant)
    .reduce((sum, s) => sum + s.report.socketErrors + s.report.badResponses, 0);
}

function rssValues(samples: readonly RssSample[], key: LoadKey, variant: VariantKey, metric: RssMetric): Map<number, number> {
  return new Map(samples.filter((s) => s.scenario === key.scenario && s.concurrency === key.concurrency && s.variant === variant).map((s) => [s.round, s[metric]]));
}

export function rssMedian(samples: readonly RssSample[], key: LoadKey, variant: VariantKey, metric: RssMetric): number {
  const values = [...rssValues(samples, key, variant, metric).values()];
  return values.length === 0 ? Number.NaN : median(values);
}

export function rssRatio(samples: readonly RssSample[], key: LoadKey, metric: RssMetric, a: VariantKey, b: VariantKey): number {
  return pairedRatio(rssValues(samples, key, a, metric), rssValues(samples, key, b, metric));
}

export interface ColdStartStats {
  runs: number;
  medianMs: number;
  p90Ms: number;
}

/** Cold starts are many short runs: all rounds' runs are pooled. */
export function coldStartStats(samples: readonly ColdStartSample[], variant: VariantKey): ColdStartStats {
  const ms = samples.filter((s) => s.variant === variant).map((s) => s.ms);
  return ms.length === 0 ? { runs: 0, medianMs: Number.NaN, p90Ms: Number.NaN } : { runs: ms.length, medianMs: median(ms), p90Ms: percentile(ms, 90) };
}

export function coldStartRatio(samples: readonly ColdStartSample[], a: VariantKey, b: VariantKey): number {
  return ratio(coldStartStats(samples, a).medianMs, coldStartStats(samples, b).medianMs);
}

export interface PairStats {
  pairs: number;
  /** Median, 25th and 75th percentile of the per-pair ratios (ii)/(i). */
  rps: { median: number; p25: number; p75: number };
  p99: { median: number; p25: number; p75: number };
}

export function pairStats(samples: readonly PairSample[]): PairStats {
  const spread = (ratios: number[]) =>
    ratios.length === 0 ? { median: Number.NaN, p25: Number.NaN, p75: Number.NaN } : { median: median(ratios), p25: percentile(ratios, 25), p75: percentile(ratios, 75) };
  return {
    pairs: samples.length,
    rps: spread(samples.map((s) => ratio(s.handoff.requestsPerSecond, s.goAlone.requestsPerSecond))),
    p99: spread(samples.map((s) => ratio(s.handoff.latencyMs.p99, s.goAlone.latencyMs.p99))),
  };
}
