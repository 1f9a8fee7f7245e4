// What a process holds, read from /proc: which program it runs, its
// descriptors, and which of its sockets listen.
import * as fs from 'node:fs';

export function executableOf(pid: number): string {
  return fs.readlinkSync(`/proc/${pid}/exe`);
}

export interface FdEntry {
  fd: number;
  target: string;
}

export function descriptorsOf(pid: number): FdEntry[] {
  return fs
    .readdirSync(`/proc/${pid}/fd`)
    .map((name) => {
      try {
        return { fd: Number(name), target: fs.readlinkSync(`/proc/${pid}/fd/${name}`) };
      } catch {
        return undefined; // closed while we looked
      }
    })
    .filter((entry): entry is FdEntry => entry !== undefined)
    .sort((a, b) => a.fd - b.fd);
}

/** Socket inode -> local port, for the TCP sockets in LISTEN state of the process's network namespace. */
export function listeningSocketInodes(pid: number): Map<string, number> {
  const result = new Map<string, number>();
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      if (state === '0A') result.set(fields[9], parseInt(local.split(':').pop()!, 16));
    }
  }
  return result;
}

/** The listening sockets a process holds, as { fd, port }. */
export function listeningSocketsOf(pid: number): { fd: number; port: number }[] {
  const listening = listeningSocketInodes(pid);
  return descriptorsOf(pid).flatMap(({ fd, target }) => {
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    return inode && listening.has(inode) ? [{ fd, port: listening.get(inode)! }] : [];
  });
}

/**
 * The kinds of descriptors a process holds above stdio, leaving out its
 * sockets (listening or connected, which come and go with traffic): e.g.
 * ["anon_inode:[eventfd]", "anon_inode:[eventpoll]"]. Comparing profiles
 * shows whether anything of another program is left.
 *
 * Descriptors inherited from `inheritedFrom` are left out too (same number,
 * same file): a process the test starts inherits whatever the test's own
 * environment leaked without close-on-exec.
 */
export function descriptorProfile(pid: number, inheritedFrom?: number): string[] {
  const key = ({ fd, target }: FdEntry) => `${fd} ${target}`;
  const shared = new Set(inheritedFrom === undefined ? [] : descriptorsOf(inheritedFrom).map(key));
  return descriptorsOf(pid)
    .filter((entry) => entry.fd > 2 && !entry.target.startsWith('socket:') && !shared.has(key(entry)))
    .map(({ target }) => target.replace(/\d+/g, 'N'))
    .sort();
}

/** The processes holding the socket that listens on port (in this network namespace): who serves it. */
export function pidsListeningOn(port: number): number[] {
  const inodes = new Set([...listeningSocketInodes(process.pid)].filter(([, p]) => p === port).map(([inode]) => inode));
  const pids = new Set<number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${name}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${name}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) pids.add(Number(name));
      } catch {
        // closed while we looked
      }
    }
  }
  return [...pids].sort((a, b) => a - b);
}
