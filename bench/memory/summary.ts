// The memory benchmark's numbers and its page in bench/RESULTS.md. Pure.
import { mebibytes, ms, requestsPerSecond, table, times } from '../format';

/** Requests/s: whole numbers, or one decimal below 100 (the churning function does tens a second). */
function rate(value: number): string {
  return value < 100 && Number.isFinite(value) ? value.toFixed(1) : requestsPerSecond(value);
}
import { median, ratio } from '../stats';
import { MEMORY_VARIANTS, type MemoryVariantKey } from './memory-variants';

export interface MemorySample {
  run: number;
  variant: MemoryVariantKey;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** VmHWM of the serving process at the end: its highest resident memory since the exec. */
  peakRssBytes: number;
  /** VmRSS at the end. */
  endRssBytes: number;
  /** Errors wrk counted (socket errors and non-2xx answers). */
  errors: number;
  /** Cores the rest of the machine kept busy during the measurement. */
  foreignCores: number;
}

/** The instance the limit is for. */
export const INSTANCE_BYTES = 256 * 2 ** 20;

export interface MemoryStats {
  runs: number;
  requestsPerSecond: number;
  p99Ms: number;
  peakRssBytes: number;
  highestPeakRssBytes: number;
  endRssBytes: number;
  errors: number;
}

export function memoryStats(samples: readonly MemorySample[], variant: MemoryVariantKey): MemoryStats {
  const mine = samples.filter((s) => s.variant === variant);
  return {
    runs: mine.length,
    requestsPerSecond: median(mine.map((s) => s.requestsPerSecond)),
    p99Ms: median(mine.map((s) => s.p99Ms)),
    peakRssBytes: median(mine.map((s) => s.peakRssBytes)),
    highestPeakRssBytes: Math.max(...mine.map((s) => s.peakRssBytes)),
    endRssBytes: median(mine.map((s) => s.endRssBytes)),
    errors: mine.reduce((sum, s) => sum + s.errors, 0),
  };
}

/** The median over runs of limit ÷ none, each ratio from one run (measured minutes apart at most). */
export function pairedRatio(samples: readonly MemorySample[], value: (s: MemorySample) => number): number {
  const runs = [...new Set(samples.map((s) => s.run))];
  const ratios = runs.flatMap((run) => {
    const limit = samples.find((s) => s.run === run && s.variant === 'limit');
    const none = samples.find((s) => s.run === run && s.variant === 'none');
    return limit && none ? [ratio(value(limit), value(none))] : [];
  });
  return ratios.length > 0 ? median(ratios) : Number.NaN;
}

export interface MemoryTarget {
  what: string;
  value: string;
  limit: string;
  met: boolean;
}

/** With the limit, every run's peak stays under the 256 MiB instance; without it, the peak passes it (the function does churn). */
export function memoryTargets(samples: readonly MemorySample[]): MemoryTarget[] {
  const limit = memoryStats(samples, 'limit').highestPeakRssBytes;
  const none = memoryStats(samples, 'none').peakRssBytes;
  return [
    { what: 'peak RSS with the limit, highest run', value: mebibytes(limit), limit: '< 256 MiB', met: limit < INSTANCE_BYTES },
    { what: 'peak RSS with no limit, median (the function churns enough to matter)', value: mebibytes(none), limit: '> 256 MiB', met: none > INSTANCE_BYTES },
  ];
}

export interface MemoryRun {
  command: string;
  startedAt: string;
  machine: string;
  runs: number;
  seconds: number;
  connections: number;
  pinned: boolean;
  samples: MemorySample[];
}

export function renderMemoryRun(run: MemoryRun): string {
  const header = ['variant', 'runs', 'req/s', '× none', 'p99 ms', 'peak RSS', 'highest peak', 'peak × none', 'RSS at the end', 'errors'];
  const rows = MEMORY_VARIANTS.map((variant) => {
    const stats = memoryStats(run.samples, variant.key);
    const paired = variant.key === 'none';
    return [
      variant.label,
      String(stats.runs),
      rate(stats.requestsPerSecond),
      paired ? '1.00×' : times(pairedRatio(run.samples, (s) => s.requestsPerSecond)),
      ms(stats.p99Ms),
      mebibytes(stats.peakRssBytes),
      mebibytes(stats.highestPeakRssBytes),
      paired ? '1.00×' : times(pairedRatio(run.samples, (s) => s.peakRssBytes)),
      mebibytes(stats.endRssBytes),
      String(stats.errors),
    ];
  });
  const busiest = Math.max(...run.samples.map((s) => s.foreignCores));
  const targets = memoryTargets(run.samples).map((t) => [t.what, t.value, t.limit, t.met ? 'met' : '**missed**']);
  return [
    `## Go's memory limit (\`${run.command}\`, ${run.startedAt})`,
    '',
    `${run.machine}. The churning function (test/fixtures/churn: 150 MiB live; each request writes and drops 400 blocks of 2 MiB) through the usual hand-over under functions-framework, ${run.runs} run${run.runs === 1 ? '' : 's'} of each variant, alternating. Each run: a new process, its first answer checked, then \`wrk --connections ${run.connections}\` for ${run.seconds} s${run.pinned ? ' (the server pinned to CPU 1, wrk to CPU 0)' : ''}; then the serving process's VmHWM (peak RSS since the exec) and VmRSS. Numbers are medians over runs; "× none" is the median of each run's ratio. The rest of the machine kept at most ${busiest.toFixed(2)} cores busy during a measurement.`,
    '',
    table(header, rows),
    '',
    table(['target', 'measured', 'limit', ''], targets),
  ].join('\n');
}

export const MEMORY_BEGIN = '<!-- make bench-memory: generated from here -->';
export const MEMORY_END = '<!-- make bench-memory: generated up to here -->';
