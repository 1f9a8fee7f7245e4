// The last step: log what is about to happen, then exec. Returns only on failure.
import * as fs from 'node:fs';

import type { GoEnvironment, Host } from '../schema';
import type { HandoffAddon, InheritedFd } from './addon';
import { readManifest } from './config';
import { failureFromExecError, type HandoffFailure } from './failure';
import { goEnvironment } from './host';
import { memoryHint } from './memory-hint';
import { withGoTargetName } from './target-name';

/** goTarget: the Go function to serve, when the loader chose it (a codebase's export: codebase.ts); else the host's target decides. */
export function execGo(addon: HandoffAddon, binary: string, fds: InheritedFd[], host: Host, goTarget?: string): HandoffFailure {
  const what = fds.length === 0 ? 'no sockets' : describeFds(addon, fds);
  // Nothing of Node runs after execve: no exit handlers, no flush of async
  // streams. Say it synchronously.
  writeLine(`go-handoff: pid ${process.pid} becomes ${binary} (${host}, ${what})`);
  try {
    const base = { ...goEnvironment(process.env, host, process.argv), ...memoryHint(process.execArgv) };
    const env = goTarget !== undefined ? { ...base, ...({ GO_HANDOFF_TARGET: goTarget } satisfies Partial<GoEnvironment>) } : withGoTargetName(base, readManifest(__dirname).functions);
    addon.exec(binary, [binary], env, fds);
  } catch (error) {
    return failureFromExecError(error as NodeJS.ErrnoException, binary);
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

function writeLine(line: string): void {
  try {
    fs.writeSync(1, line + '\n');
  } catch {
    // stdout closed: nothing to tell
  }
}
