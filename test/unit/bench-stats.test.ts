// The benchmark's arithmetic: medians, percentiles, and ratios paired by round.
import { describe, expect, it } from 'vitest';

import { coldStartStats, loadMedian, loadRatio, pairStats } from '../../bench/aggregate';
import type { WrkReport } from '../../bench/load/parse-wrk';
import type { LoadSample } from '../../bench/samples';
import { median, percentile, ratio } from '../../bench/stats';

function sample(round: number, variant: LoadSample['variant'], rps: number, p99 = 1): LoadSample {
  const report: WrkReport = { requestsPerSecond: rps, latencyMs: { p50: p99 / 2, p75: p99, p90: p99, p99 }, requests: rps, socketErrors: 0, badResponses: 0 };
  return { round, scenario: 'hello', variant, concurrency: 50, report, serverCpuUsPerRequest: 10, foreignCores: 0, attempts: 1 };
}

describe('median and percentile', () => {
  it('take the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('interpolate percentiles between ranks, and agree with the median at 50', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(median(values));
    expect(percentile(values, 90)).toBe(91);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(100);
  });

  it('refuse an empty list, saying so', () => {
    expect(() => median([])).toThrow(/no samples/);
    expect(() => percentile([], 90)).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/outside 0..100/);
  });

  it('give no ratio against a zero or missing baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(3, Number.NaN)).toBeNaN();
  });
});

describe('aggregation over rounds', () => {
  const key = { scenario: 'hello', concurrency: 50 };

  it('pairs variants within each round before taking the median of the ratios', () => {
    // The machine got twice as fast in round 1: each round's ratio is still 0.9.
    const samples = [sample(0, 'i', 100), sample(0, 'ii', 90), sample(1, 'i', 200), sample(1, 'ii', 180), sample(2, 'i', 100), sample(2, 'ii', 90)];
    expect(loadRatio(samples, key, 'rps', 'ii', 'i')).toBeCloseTo(0.9);
    expect(loadMedian(samples, key, 'ii', 'rps')).toBe(90);
  });

  it('leaves out rounds that measured only one of the two', () => {
    const samples = [sample(0, 'i', 100), sample(0, 'ii', 50), sample(1, 'ii', 1000)];
    expect(loadRatio(samples, key, 'rps', 'ii', 'i')).toBe(0.5);
    expect(loadRatio(samples, key, 'rps', 'iii', 'i')).toBeNaN();
  });

  it('takes the median and middle half of back-to-back pair ratios', () => {
    const report = (rps: number, p99: number): WrkReport => ({ requestsPerSecond: rps, latencyMs: { p50: 1, p75: 1, p90: 1, p99 }, requests: rps, socketErrors: 0, badResponses: 0 });
    const pairs = [0.9, 1.0, 1.1, 1.2, 0.95].map((r, pair) => ({ pair, concurrency: 50, goAlone: report(1000, 2), handoff: report(1000 * r, 2 / r), first: 'i' as const, foreignCores: 0 }));
    const stats = pairStats(pairs);
    expect(stats.pairs).toBe(5);
    expect(stats.rps.median).toBeCloseTo(1.0);
    expect(stats.rps.p25).toBeCloseTo(0.95);
    expect(stats.rps.p75).toBeCloseTo(1.1);
    expect(stats.p99.median).toBeCloseTo(1.0);
    expect(pairStats([]).rps.median).toBeNaN();
  });

  it('pools cold starts of all rounds', () => {
    const coldStarts = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((ms, i) => ({ round: i % 3, variant: 'ii' as const, ms, foreignCores: 0 }));
    expect(coldStartStats(coldStarts, 'ii')).toEqual({ runs: 10, medianMs: 55, p90Ms: 91 });
    expect(coldStartStats(coldStarts, 'iv').runs).toBe(0);
  });
});
