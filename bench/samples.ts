// What one benchmark run records: every measurement, by round.
import type { WrkReport } from './load/parse-wrk';
import type { VariantKey } from './variants';

export interface LoadSample {
  round: number;
  scenario: string;
  variant: VariantKey;
  concurrency: number;
  report: WrkReport;
  /** CPU time the serving processes used per request during the measurement, in microseconds. */
  serverCpuUsPerRequest: number;
  /** CPU cores the rest of the (shared) machine used meanwhile, on average. */
  foreignCores: number;
  /** Measurements made to get one the rest of the machine did not disturb (the least disturbed is kept). */
  attempts: number;
}

export interface RssSample {
  round: number;
  scenario: string;
  variant: VariantKey;
  concurrency: number;
  /** Bytes, summed over the serving process tree, after the warm-up at this concurrency. */
  afterWarmup: number;
  /** Bytes, after the measurement. */
  afterLoad: number;
  processes: number;
}

export interface ColdStartSample {
  round: number;
  variant: VariantKey;
  /** Spawn to the first right answer on /execute. */
  ms: number;
  foreignCores: number;
}

/** Go alone (i) and the hand-over (ii), both running, measured back to back. */
export interface PairSample {
  pair: number;
  concurrency: number;
  goAlone: WrkReport;
  handoff: WrkReport;
  /** Which was measured first: the order alternates, so that a drift favours neither. */
  first: 'i' | 'ii';
  foreignCores: number;
}

export interface Samples {
  load: LoadSample[];
  rss: RssSample[];
  coldStarts: ColdStartSample[];
  pairs: PairSample[];
}
