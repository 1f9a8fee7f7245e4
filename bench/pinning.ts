// CPU pinning: on a 2-core machine the load generator and the server would
// otherwise fight over both cores, and the scheduler's choices would add
// noise. The server gets one core (as a 1-vCPU function instance has), wrk
// the other.

/** [command, args] that run command on the given CPU (via taskset), or as is. */
export function pinned(cpu: number | undefined, command: string, args: string[]): [string, string[]] {
  return cpu === undefined ? [command, args] : ['taskset', ['--cpu-list', String(cpu), command, ...args]];
}
