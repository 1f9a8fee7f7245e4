// Checks, before any descriptor is touched, that the Go binary can run here,
// so that a broken archive gets a precise diagnosis rather than a bare errno.
// Its mode is lost-mode.ts's business: the loader repairs a binary that is
// not executable.
import * as fs from 'node:fs';

import { readElf } from './elf';
import { describeFileStart } from './file-kind';

/** Why the binary cannot run; `code` is the errno name execve(2) would give. */
export interface ExecutableProblem {
  code: string;
  reason: string;
  remedy: string;
}

/** The facts checkExecutable needs, separated from the file system for tests. */
export interface ExecutableFacts {
  exists: boolean;
  isFile: boolean;
  mode: number;
  /** The first bytes of the file (a few KiB are enough); null if unreadable. */
  head: Uint8Array | null;
  /** Whether each path the ELF header names as its interpreter exists. */
  interpreterExists: (path: string) => boolean;
}

const REBUILD = 'Rebuild function.zip with `make` (or `go-handoff package`) and deploy it as it is';

export function diagnoseExecutable(path: string, facts: ExecutableFacts, hostArch: string): ExecutableProblem | null {
  if (!facts.exists) {
    return {
      code: 'ENOENT',
      reason: `the Go binary ${path} does not exist`,
      remedy: `${REBUILD}; the archive must hold the binary next to index.js. To use a binary elsewhere, set GO_HANDOFF_BINARY to its path.`,
    };
  }
  if (!facts.isFile) {
    return { code: 'EACCES', reason: `${path} is not a regular file`, remedy: `${REBUILD}.` };
  }
  const head = facts.head;
  if (head === null) return null; // execute-only: execve will tell
  if (head[0] === 0x23 && head[1] === 0x21) return null; // "#!": a script, which execve runs
  const elf = readElf(head);
  if (elf === null) {
    return {
      code: 'ENOEXEC',
      // Its kind, never its bytes: the file may hold anything, and this
      // message reaches the log and, in development, the client.
      reason: `${path} is not a program: it is ${head.length < 64 && head[0] === 0x7f && head[1] === 0x45 ? 'an ELF file cut short' : describeFileStart(head)}, not an ELF program or a script ("#!")`,
      remedy: `${REBUILD}; the file in the archive should be the Go binary that \`go build\` wrote.`,
    };
  }
  if (elf.arch !== hostArch) {
    return {
      code: 'ENOEXEC',
      reason: `the Go binary ${path} is built for ${elf.arch}, but this host runs ${hostArch}`,
      remedy: `Rebuild it for this host (GOARCH=${goArch(hostArch)}): \`make ARCH=${goArch(hostArch)}\` or \`go-handoff package --arch ${goArch(hostArch)}\`.`,
    };
  }
  if (elf.interpreter !== undefined && !facts.interpreterExists(elf.interpreter)) {
    return {
      code: 'ENOENT',
      reason: `the Go binary ${path} is dynamically linked and needs ${elf.interpreter}, which this host does not have`,
      remedy: 'Build it statically with CGO_ENABLED=0, as `make` does.',
    };
  }
  return null;
}

/** Reads the facts diagnoseExecutable needs from the file system. */
export function readExecutableFacts(path: string): ExecutableFacts {
  const interpreterExists = (p: string) => fs.existsSync(p);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    return { exists: false, isFile: false, mode: 0, head: null, interpreterExists };
  }
  return { exists: true, isFile: stat.isFile(), mode: stat.mode, head: stat.isFile() ? readHead(path) : null, interpreterExists };
}

function readHead(path: string): Uint8Array | null {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** Go's GOARCH for a Node.js process.arch. */
export function goArch(nodeArch: string): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[nodeArch] ?? nodeArch;
}
