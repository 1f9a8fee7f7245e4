// Summaries of repeated measurements. Pure.

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values: a measurement produced no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest
 * ranks, as numpy's default does: percentile(xs, 50) equals median(xs).
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error(`percentile ${p} of no values: a measurement produced no samples`);
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** value / baseline, or NaN when there is no baseline to compare with. */
export function ratio(value: number, baseline: number): number {
  return baseline === 0 || !Number.isFinite(baseline) ? Number.NaN : value / baseline;
}
