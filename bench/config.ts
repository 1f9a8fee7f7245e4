// The benchmark's settings, from environment variables so that `make bench`
// takes them too (e.g. `make bench BENCH_ROUNDS=5`). Pure.

export interface BenchConfig {
  /** Interleaved rounds; medians are taken over them. */
  rounds: number;
  /** Length of one measurement, and of the warm-up before it, in seconds. */
  seconds: number;
  warmupSeconds: number;
  /** The concurrency sweep of the trivial handler (wrk connections). */
  concurrencies: number[];
  /** Concurrency of the payload case. */
  payloadConcurrency: number;
  /** Cold starts per variant in each round. */
  coldStartsPerRound: number;
  /** Back-to-back measurements of (i) and (ii), and their length in seconds. */
  pairs: number;
  pairSeconds: number;
  /** Size of the payload case's JSON body. */
  payloadBytes: number;
  /**
   * A measurement during which the rest of the machine kept more than this
   * many cores busy is repeated (up to 3 times in all, keeping the least
   * disturbed); before each, the benchmark waits up to a minute for quiet.
   */
  maxForeignCores: number;
  /** CPUs for wrk and for the server, or undefined: no pinning. */
  cpus?: { load: number; server: number };
}

/** A whole-number setting from the environment, `fallback` when unset or empty; every bench's settings read theirs with it. */
export function wholeNumberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}=${JSON.stringify(text)}: give a whole number of at least ${min}`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv, cpuCount: number): BenchConfig {
  const int = (name: string, fallback: number, min = 1): number => wholeNumberSetting(env, name, fallback, min);
  const list = env.BENCH_CONCURRENCY ?? '1,50,256';
  const concurrencies = list.split(',').map((c) => Number(c.trim()));
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`BENCH_CONCURRENCY=${JSON.stringify(list)}: give connection counts separated by commas, e.g. 1,50,256`);
  const maxForeignCores = Number(env.BENCH_MAX_FOREIGN_CORES || 0.2);
  if (!(maxForeignCores >= 0)) throw new Error(`BENCH_MAX_FOREIGN_CORES=${JSON.stringify(env.BENCH_MAX_FOREIGN_CORES)}: give a number of cores, e.g. 0.2`);
  const pin = env.BENCH_PIN ?? (cpuCount >= 2 ? '1' : '0');
  if (pin !== '0' && pin !== '1') throw new Error(`BENCH_PIN=${JSON.stringify(pin)}: give 1 (wrk on CPU 0, the server on CPU 1) or 0 (no pinning)`);
  if (pin === '1' && cpuCount < 2) throw new Error(`BENCH_PIN=1 needs two CPUs; this machine has ${cpuCount}`);
  return {
    rounds: int('BENCH_ROUNDS', 3),
    seconds: int('BENCH_SECONDS', 10),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 3, 0),
    concurrencies,
    payloadConcurrency: int('BENCH_PAYLOAD_CONCURRENCY', 50),
    coldStartsPerRound: int('BENCH_COLD_STARTS', 10),
    payloadBytes: int('BENCH_PAYLOAD_BYTES', 64 * 1024),
    pairs: int('BENCH_PAIRS', 30, 0),
    pairSeconds: int('BENCH_PAIR_SECONDS', 3),
    maxForeignCores,
    cpus: pin === '1' ? { load: 0, server: 1 } : undefined,
  };
}

/** The concurrency summaries and targets single out: 50 when it was measured. */
export function headlineConcurrency(concurrencies: number[]): number {
  return concurrencies.includes(50) ? 50 : concurrencies[Math.floor(concurrencies.length / 2)];
}
