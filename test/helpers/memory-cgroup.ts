// A memory cgroup of the test's own, with a limit, to run a host in: cgroup
// v2 where its memory controller can be delegated to a new cgroup (as root),
// else the cgroup v1 memory hierarchy (as on this project's machines). Where
// neither can be made, cgroupRefusal says why, and the test skips, saying so.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface MemoryCgroup {
  /** The cgroup's folder. */
  dir: string;
  version: 'v1' | 'v2';
  /** The file a process writes its pid into to join. */
  procs: string;
  /** Removes the cgroup, once the processes in it are gone. */
  remove(): Promise<void>;
}

interface Mount {
  root: string;
  point: string;
  type: string;
  superOptions: string[];
}

function mounts(): Mount[] {
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .flatMap((line) => {
      const [before, after] = line.split(' - ');
      if (!after) return [];
      const fields = before.split(' ');
      const [type, , superOptions] = after.split(' ');
      const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
      return [{ root: unescape(fields[3]), point: unescape(fields[4]), type, superOptions: (superOptions ?? '').split(',') }];
    });
}

/** This process's cgroup in the hierarchy that matches, from /proc/self/cgroup. */
function ownCgroup(matches: (controllers: string[], id: string) => boolean): string | undefined {
  for (const line of fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [id, controllers, ...rest] = line.split(':');
    if (rest.length > 0 && matches(controllers.split(','), id)) return rest.join(':');
  }
  return undefined;
}

let counter = 0;

/** Makes a cgroup limited to limitBytes, or returns why it cannot. */
export function makeMemoryCgroup(limitBytes: number): MemoryCgroup | string {
  const name = `go-handoff-test-${process.pid}-${++counter}`;
  const problems: string[] = [];
  const v2 = mounts().find((m) => m.type === 'cgroup2');
  if (v2) {
    try {
      // A new cgroup under the hierarchy's root: a cgroup that holds
      // processes (ours) cannot delegate controllers to children in v2.
      const root = v2.point;
      // (Enabling it there would change the machine for every other cgroup: not a test's business.)
      if (!fs.readFileSync(path.join(root, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory')) throw new Error(`the memory controller is not enabled for its children (${root}/cgroup.subtree_control)`);
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'memory.max'), String(limitBytes));
      if (fs.existsSync(path.join(dir, 'memory.swap.max'))) fs.writeFileSync(path.join(dir, 'memory.swap.max'), '0');
      return { dir, version: 'v2', procs: path.join(dir, 'cgroup.procs'), remove: () => removeCgroup(dir) };
    } catch (error) {
      problems.push(`cgroup v2 at ${v2.point}: ${(error as Error).message}`);
    }
  }
  const v1 = mounts().find((m) => m.type === 'cgroup' && m.superOptions.includes('memory'));
  const own = ownCgroup((controllers) => controllers.includes('memory'));
  if (v1 && own !== undefined) {
    try {
      const dir = path.join(v1.point, path.relative(v1.root, own), name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(limitBytes));
      return { dir, version: 'v1', procs: path.join(dir, 'cgroup.procs'), remove: () => removeCgroup(dir) };
    } catch (error) {
      problems.push(`cgroup v1 memory hierarchy at ${v1.point}: ${(error as Error).message}`);
    }
  } else {
    problems.push('no cgroup v1 memory hierarchy mounted');
  }
  return `cannot make a memory cgroup of the test's own (${problems.join('; ')}): that needs root and a memory controller it may delegate`;
}

async function removeCgroup(dir: string): Promise<void> {
  // The kernel lets a cgroup go only once its last process is reaped.
  for (let attempt = 0; ; attempt++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || attempt >= 50) throw new Error(`cannot remove the test's cgroup ${dir}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
