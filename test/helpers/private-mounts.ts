// Runs a host in a mount namespace of its own (unshare --mount, private
// propagation) after a few mounts, so that a test can make a folder
// read-only or noexec for that process alone: the mounts go with it, and
// nothing is left on the machine. Needs root (CAP_SYS_ADMIN); where that is
// refused, privateMountsRefusal says why and the test skips, saying so.
import { spawnSync } from 'node:child_process';

let refusal: string | null | undefined;

/** Why this machine cannot run a process in private mounts, or undefined when it can. */
export function privateMountsRefusal(): string | undefined {
  if (refusal === undefined) {
    const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', `${readOnlyBind('/tmp')} && ${noexecTmpfs('/tmp')}`], { encoding: 'utf8', timeout: 10_000 });
    refusal = probe.status === 0 ? null : `unshare --mount with a read-only bind mount failed (${probe.error?.message ?? (probe.stderr.trim() || `status ${probe.status}`)}): making a folder read-only for one process needs root`;
  }
  return refusal ?? undefined;
}

/** The command and arguments that run command in private mounts, after the mount commands (shell text: readOnlyBind, noexecTmpfs). */
export function inPrivateMounts(mounts: string[], command: string, args: string[]): { command: string; args: string[] } {
  // unshare and sh exec what follows: the pid the test sees is the host's.
  return { command: 'unshare', args: ['--mount', '--propagation', 'private', '/bin/sh', '-c', `${mounts.join(' && ')} && exec "$@"`, 'sh', command, ...args] };
}

/** Makes folder read-only: chmod and writes in it fail with EROFS. */
export function readOnlyBind(folder: string): string {
  return `mount --bind ${quote(folder)} ${quote(folder)} && mount -o remount,bind,ro ${quote(folder)}`;
}

/** Puts an empty file system where no file may be executed over folder. */
export function noexecTmpfs(folder: string): string {
  return `mount -t tmpfs -o noexec,size=64m go-handoff-test ${quote(folder)}`;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
