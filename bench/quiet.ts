// The machine is shared: other people's builds and tests run beside the
// benchmark. This measures how much CPU everything else used (all processes
// but the benchmark's own tree), so that a measurement disturbed by them can
// be seen, and waited out or repeated.
import { spawnSync } from 'node:child_process';

import { descendants, readProcesses } from './procfs';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

export interface CpuSnapshot {
  at: number;
  /** Clock ticks used so far by each process outside the benchmark's tree. */
  foreign: Map<number, number>;
}

export function snapshot(): CpuSnapshot {
  const processes = readProcesses();
  const ours = new Set(descendants(process.pid, processes));
  return { at: performance.now(), foreign: new Map(processes.filter((p) => !ours.has(p.pid)).map((p) => [p.pid, p.cpuTicks])) };
}

/**
 * CPU cores the rest of the machine kept busy between two snapshots, on
 * average. Processes that started after the first count from zero; those
 * that ended in between count through the parent that reaped them.
 */
export function foreignCores(before: CpuSnapshot, after: CpuSnapshot): number {
  let ticks = 0;
  for (const [pid, used] of after.foreign) ticks += Math.max(0, used - (before.foreign.get(pid) ?? 0));
  return ticks / TICKS_PER_SECOND / ((after.at - before.at) / 1000);
}

/** Waits (up to maxWaitMs) until the rest of the machine uses at most maxCores over half a second. */
export async function waitForQuiet(maxCores: number, maxWaitMs: number): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = snapshot();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cores = foreignCores(before, snapshot());
    if (cores <= maxCores || Date.now() > deadline) return cores;
  }
}
