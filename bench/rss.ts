// Memory of everything that serves: a process and all its descendants, read
// from /proc (for the proxy variant, Node.js and its Go child together).
import * as fs from 'node:fs';

import { descendants } from './procfs';

/** VmRSS of a /proc/<pid>/status text, in bytes. */
export function parseVmRss(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no "VmRSS: <n> kB" line in /proc/<pid>/status (a zombie, or not Linux?):\n${status}`);
  return Number(match[1]) * 1024;
}

/** Summed VmRSS of root's process tree, in bytes, and how many processes it has. */
export function treeRss(root: number): { bytes: number; processes: number } {
  const pids = descendants(root);
  const bytes = pids.reduce((sum, pid) => sum + parseVmRss(fs.readFileSync(`/proc/${pid}/status`, 'utf8')), 0);
  return { bytes, processes: pids.length };
}
