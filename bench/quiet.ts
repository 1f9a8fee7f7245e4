// The machine is shared: other people's builds and tests run beside the
// benchmark. This measures how much CPU everything else used, so that a
// measurement they disturbed can be seen, and waited out or repeated.
import * as fs from 'node:fs';

import { descendants, readProcesses, TICKS_PER_SECOND } from './procfs';

export interface CpuSnapshot {
  at: number;
  /** Clock ticks all CPUs spent busy since boot (hypervisor steal included: another VM's work). */
  machineBusy: number;
  /** Clock ticks used by each process of the benchmark's own tree (the runner, wrk once reaped, the servers). */
  ours: Map<number, number>;
}

/** Busy ticks of the first "cpu" line of /proc/stat: everything but idle and iowait. */
export function parseBusyTicks(procStat: string): number {
  const fields = procStat.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

export function snapshot(): CpuSnapshot {
  const processes = readProcesses();
  const ours = new Set(descendants(process.pid, processes));
  return {
    at: performance.now(),
    machineBusy: parseBusyTicks(fs.readFileSync('/proc/stat', 'utf8')),
    ours: new Map(processes.filter((p) => ours.has(p.pid)).map((p) => [p.pid, p.cpuTicks])),
  };
}

/**
 * CPU cores the rest of the machine kept busy between two snapshots, on
 * average: the machine's busy time less the benchmark's own. Processes of
 * ours that started in between count from zero.
 */
export function foreignCores(before: CpuSnapshot, after: CpuSnapshot): number {
  let ours = 0;
  for (const [pid, used] of after.ours) ours += Math.max(0, used - (before.ours.get(pid) ?? 0));
  const foreign = Math.max(0, after.machineBusy - before.machineBusy - ours);
  return foreign / TICKS_PER_SECOND / ((after.at - before.at) / 1000);
}

/** Waits (up to maxWaitMs) until the rest of the machine uses at most maxCores over half a second; returns the last reading. */
export async function waitForQuiet(maxCores: number, maxWaitMs: number): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = snapshot();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cores = foreignCores(before, snapshot());
    if (cores <= maxCores || Date.now() > deadline) return cores;
  }
}
