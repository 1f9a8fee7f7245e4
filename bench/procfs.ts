// The process table, read from /proc: who is whose child, and how much CPU
// each has used.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** The unit of the CPU times in /proc/<pid>/stat. */
export const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

export interface ProcessStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks: its own CPU time and that of the children it reaped. */
  cpuTicks: number;
}

/** One /proc/<pid>/stat line; the name in parentheses may itself hold spaces and parentheses. */
export function parseStat(pid: number, stat: string): ProcessStat {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is the state (field 3 of proc(5)): ppid is field 4, utime..cstime are 14..17.
  const ticks = fields.slice(11, 15).reduce((sum, n) => sum + Number(n), 0);
  return { pid, ppid: Number(fields[1]), cpuTicks: ticks };
}

export function readProcesses(): ProcessStat[] {
  const processes: ProcessStat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      processes.push(parseStat(Number(name), fs.readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // gone while we looked
    }
  }
  return processes;
}

/** root and every process below it, as pids. */
export function descendants(root: number, processes: readonly ProcessStat[] = readProcesses()): number[] {
  const children = new Map<number, number[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU seconds root and its descendants have used so far. */
export function treeCpuSeconds(root: number): number {
  const processes = readProcesses();
  const tree = new Set(descendants(root, processes));
  return processes.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.cpuTicks, 0) / TICKS_PER_SECOND;
}
