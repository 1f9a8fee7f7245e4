// The last step: log what is about to happen, then exec. Returns only on failure.
import type { GoEnvironment, Host } from '../schema';
import type { HandoffAddon, InheritedFd } from './addon';
import { readManifest } from './config';
import { failureFromExecError, type HandoffFailure } from './failure';
import { goEnvironment } from './host';
import { memoryHint } from './memory-hint';
import { withGoTargetName } from './target-name';

/** A failed exec; earlierAttempt: this thread tried nothing, another one's once-per-process attempt failed so. */
export type ExecFailure = HandoffFailure & { earlierAttempt?: boolean };

export interface ExecGoOptions {
  /** The Go function to serve, when the loader chose it (a codebase's export: codebase.ts); else the host's target decides. */
  goTarget?: string;
  /** Exec only if no other thread's once-per-process attempt failed (worker-thread.ts). */
  oncePerProcess?: boolean;
}

export function execGo(addon: HandoffAddon, binary: string, fds: InheritedFd[], host: Host, { goTarget, oncePerProcess = false }: ExecGoOptions = {}): ExecFailure {
  const what = fds.length === 0 ? 'no sockets' : describeFds(addon, fds);
  try {
    const base = { ...goEnvironment(process.env, host, process.argv), ...memoryHint(process.execArgv) };
    const env = goTarget !== undefined ? { ...base, ...({ GO_HANDOFF_TARGET: goTarget } satisfies Partial<GoEnvironment>) } : withGoTargetName(base, readManifest(__dirname).functions);
    // Nothing of Node runs after execve: no exit handlers, no flush of async
    // streams. The addon says it, synchronously, from the thread that execs
    // only (several may try at once: worker-thread.ts).
    addon.exec(binary, [binary], env, fds, { oncePerProcess, announce: `go-handoff: pid ${process.pid} becomes ${binary} (${host}, ${what})\n` });
  } catch (error) {
    const failure: ExecFailure = failureFromExecError(error as NodeJS.ErrnoException, binary);
    if ((error as { earlierAttempt?: boolean }).earlierAttempt) failure.earlierAttempt = true;
    return failure;
  }
  // exec never returns without throwing; this is for the type checker.
  return { code: 'ERR_GO_HANDOFF_EXEC', message: 'exec returned without an error' };
}

function describeFds(addon: HandoffAddon, fds: InheritedFd[]): string {
  return fds
    .map(({ fd, name }) => {
      const info = addon.describeFd(fd);
      const where = info.port !== undefined ? ` ${info.address}:${info.port}` : '';
      return `${name}${where} fd ${fd}`;
    })
    .join(', ');
}
