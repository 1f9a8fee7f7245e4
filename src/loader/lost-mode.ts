// An archive that lost its modes: re-zipped by a tool that stores every
// entry as 0644, or unpacked onto a file system mounted noexec. The Go
// binary is then there but cannot be executed, and execve(2) would fail
// with EACCES. The loader makes it executable where it may (chmod), else
// runs a copy from a folder that allows it (os.tmpdir(), TMPDIR), and says
// once what it did; it fails only when neither works, naming both tries.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { diagnoseExecutable, type ExecutableFacts, readExecutableFacts } from './executable';
import { failureFromProblem, type HandoffFailure } from './failure';

/** The binary to exec, with what was done to make it runnable; or why there is none. */
export type Runnable = { binary: string; repaired?: string } | { failure: HandoffFailure };

/** The file-system calls this needs, apart for tests. Each throws as node:fs does. */
export interface LostModeOps {
  facts(file: string): ExecutableFacts;
  /** Throws unless this process may execute file (access(2) X_OK: its modes, and a noexec mount). */
  checkExecutable(file: string): void;
  chmod(file: string, mode: number): void;
  /** Copies file into a private folder of tmpdir and returns the copy's path. */
  copyToTemporaryFolder(file: string): string;
  tmpdir(): string;
  /** Removes a copy that turned out useless; never throws. */
  remove(file: string): void;
}

/** The binary to exec, made runnable if it lost its modes (and that said once on stderr), or why there is none. */
export function binaryToExec(binary: string, hostArch: string): { binary: string } | { failure: HandoffFailure } {
  const runnable = runnableBinary(binary, hostArch);
  if ('failure' in runnable) return runnable;
  if (runnable.repaired) {
    try {
      fs.writeSync(2, `go-handoff: ${runnable.repaired}\n`);
    } catch {
      // stderr closed: nothing to tell
    }
  }
  return { binary: runnable.binary };
}

export function runnableBinary(binary: string, hostArch: string, ops: LostModeOps = nodeOps): Runnable {
  const facts = ops.facts(binary);
  // Every other problem first: a text file or a binary for another machine
  // is not repaired by chmod.
  const other = diagnoseExecutable(binary, facts, hostArch);
  if (other) return { failure: failureFromProblem(other) };
  if (executable(ops, binary)) return { binary };

  const mode = octal(facts.mode);
  const lostMode = (facts.mode & 0o111) === 0;
  const why = lostMode
    ? `was not executable (mode ${mode})`
    : `could not be executed by this process (mode ${mode}: not by this user, or its file system is mounted noexec)`;
  // Execute for whoever may read it: 0644 becomes 0755, 0600 0700.
  const wanted = (facts.mode & 0o7777) | ((facts.mode & 0o444) >> 2);
  const advice = lostMode
    ? 'Deploy the archive as `go-handoff package` (or `make`) wrote it, with the binary\'s mode 0755, to skip this step.'
    : 'Set GO_HANDOFF_BINARY to a copy on a file system that allows executing files to skip this step.';
  let chmodFailure = 'chmod cannot help';
  if (wanted !== (facts.mode & 0o7777)) {
    try {
      ops.chmod(binary, wanted);
      if (executable(ops, binary)) return { binary, repaired: `the Go binary ${binary} ${why}: made it executable (chmod ${octal(wanted)}). ${advice}` };
      chmodFailure = `chmod ${octal(wanted)} did not make it executable (its file system must be mounted noexec)`;
    } catch (error) {
      chmodFailure = `chmod ${octal(wanted)} failed (${errorText(error)})`;
    }
  }
  let copy: string;
  try {
    copy = ops.copyToTemporaryFolder(binary);
  } catch (error) {
    return { failure: bothFailed(binary, why, chmodFailure, `copying it into ${ops.tmpdir()} failed (${errorText(error)})`) };
  }
  if (!executable(ops, copy)) {
    ops.remove(copy);
    return { failure: bothFailed(binary, why, chmodFailure, `its copy ${copy} cannot be executed either (${ops.tmpdir()} must be mounted noexec)`) };
  }
  return { binary: copy, repaired: `the Go binary ${binary} ${why}, and ${chmodFailure}: running a copy, ${copy}. ${advice}` };
}

function bothFailed(binary: string, why: string, chmodFailure: string, copyFailure: string): HandoffFailure {
  return {
    code: 'EACCES',
    message:
      `The Go binary ${binary} ${why}, and go-handoff could not make it executable: ${chmodFailure}, and ${copyFailure}. ` +
      'Rebuild function.zip with `make` (or `go-handoff package`) and deploy it as it is: it stores the binary with mode 0755, which unpacking or re-zipping with some tools loses. ' +
      'Or set TMPDIR to a folder where files may be executed, or GO_HANDOFF_BINARY to an executable copy of the binary.',
  };
}

function executable(ops: LostModeOps, file: string): boolean {
  try {
    ops.checkExecutable(file);
    return true;
  } catch {
    return false;
  }
}

const nodeOps: LostModeOps = {
  facts: readExecutableFacts,
  checkExecutable: (file) => fs.accessSync(file, fs.constants.X_OK),
  chmod: (file, mode) => fs.chmodSync(file, mode),
  copyToTemporaryFolder,
  tmpdir: () => os.tmpdir(),
  remove: (file) => {
    try {
      fs.unlinkSync(file);
    } catch {
      // already gone
    }
  },
};

/**
 * Copies binary to <tmpdir>/go-handoff-exec-<uid>/<sha256 of its bytes>/<its
 * name>, mode 0755, and returns that path (the build's own folders are
 * go-handoff-<uid>, src/build/build-paths.ts). A process the host restarts
 * in the same instance finds the copy there and uses it again, rather than
 * filling a /tmp that may be the instance's memory with copies. The folder
 * is this user's alone; if another user holds that name, a fresh folder.
 */
export function copyToTemporaryFolder(binary: string): string {
  const bytes = fs.readFileSync(binary);
  const digest = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const folder = path.join(privateFolder(os.tmpdir()), digest);
  const copy = path.join(folder, path.basename(binary));
  try {
    fs.mkdirSync(folder, 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const existing = statOrUndefined(copy);
  if (existing && existing.isFile() && existing.size === bytes.length && (existing.mode & 0o111) !== 0) return copy;
  // Written aside and renamed: a process that execs the copy never sees it half written.
  const partial = `${copy}.${process.pid}.partial`;
  fs.writeFileSync(partial, bytes, { mode: 0o755 });
  fs.chmodSync(partial, 0o755); // the umask may have trimmed it
  fs.renameSync(partial, copy);
  return copy;
}

/** <tmpdir>/go-handoff-exec-<uid>, made 0700 if missing; a fresh folder if it is not this user's alone. */
function privateFolder(tmpdir: string): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const folder = path.join(tmpdir, `go-handoff-exec-${uid}`);
  try {
    fs.mkdirSync(folder, 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = fs.lstatSync(folder);
  if (stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0) return folder;
  return fs.mkdtempSync(path.join(tmpdir, 'go-handoff-exec-'));
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
