// The settings of `make bench-lambda`, from environment variables (e.g.
// `make bench-lambda BENCH_LAMBDA_ROUNDS=5`). Pure.
import { wholeNumberSetting } from '../config';
import { LMI_VARIANTS, type LmiVariantKey, type Work, WORKS } from './lmi-variants';

export interface LmiConfig {
  /** Interleaved rounds; medians are taken over them. */
  rounds: number;
  /** Length of one measurement, and of the warm-up before it, in seconds. */
  seconds: number;
  warmupSeconds: number;
  /** The AWS_LAMBDA_MAX_CONCURRENCY values, each also the number of callers. */
  concurrencies: number[];
  /** What is measured: every work and variant unless narrowed (the targets need all four variants). */
  works: Work[];
  variants: LmiVariantKey[];
  /** As in `make bench`: a measurement the rest of the machine disturbed by more than this many cores is repeated. */
  maxForeignCores: number;
  /** CPUs for the runtime, and for the emulator and the callers; undefined: no pinning. */
  cpus?: { runtime: number; load: number };
}

export function readLmiConfig(env: NodeJS.ProcessEnv, cpuCount: number): LmiConfig {
  const int = (name: string, fallback: number, min = 1): number => wholeNumberSetting(env, name, fallback, min);
  const list = env.BENCH_LAMBDA_CONCURRENCY || '1,8,64';
  const concurrencies = list.split(',').map((c) => Number(c.trim()));
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`BENCH_LAMBDA_CONCURRENCY=${JSON.stringify(list)}: give AWS_LAMBDA_MAX_CONCURRENCY values separated by commas, e.g. 1,8,64`);
  const maxForeignCores = Number(env.BENCH_MAX_FOREIGN_CORES || 0.2);
  if (!(maxForeignCores >= 0)) throw new Error(`BENCH_MAX_FOREIGN_CORES=${JSON.stringify(env.BENCH_MAX_FOREIGN_CORES)}: give a number of cores, e.g. 0.2`);
  const pin = env.BENCH_PIN ?? (cpuCount >= 2 ? '1' : '0');
  if (pin !== '0' && pin !== '1') throw new Error(`BENCH_PIN=${JSON.stringify(pin)}: give 1 (the runtime on CPU 1, the emulator and the callers on CPU 0) or 0 (no pinning)`);
  if (pin === '1' && cpuCount < 2) throw new Error(`BENCH_PIN=1 needs two CPUs; this machine has ${cpuCount}`);
  const choose = <T extends string>(name: string, all: readonly T[]): T[] => {
    const text = env[name];
    if (!text) return [...all];
    const chosen = text.split(',').map((item) => item.trim()) as T[];
    const unknown = chosen.filter((item) => !all.includes(item));
    if (unknown.length > 0 || chosen.length === 0) throw new Error(`${name}=${JSON.stringify(text)}: choose among ${all.join(', ')}, separated by commas`);
    return all.filter((item) => chosen.includes(item));
  };
  return {
    rounds: int('BENCH_LAMBDA_ROUNDS', 3),
    works: choose('BENCH_LAMBDA_WORKS', WORKS.map((w) => w.work)),
    variants: choose('BENCH_LAMBDA_VARIANTS', LMI_VARIANTS.map((v) => v.key)),
    seconds: int('BENCH_LAMBDA_SECONDS', 10),
    warmupSeconds: int('BENCH_LAMBDA_WARMUP_SECONDS', 2, 0),
    concurrencies,
    maxForeignCores,
    cpus: pin === '1' ? { runtime: 1, load: 0 } : undefined,
  };
}

/**
 * aws-lambda-ric's worker threads: by default 8 per CPU of the cgroup's
 * quota, which on an unlimited cgroup is every CPU of the machine. Pinned to
 * one CPU, the runtime gets what it would on a one-vCPU instance: 8.
 */
export function nodeWorkerCount(config: LmiConfig): string | undefined {
  return config.cpus ? '8' : undefined;
}
