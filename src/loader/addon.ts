// Finds and loads the native addon, in node-gyp-build's order: the override
// variable, a local node-gyp build, then the prebuilt copy for this platform.
import * as path from 'node:path';

import type { FdName } from '../schema';

/** What the addon exports (native/addon.cc). */
export interface HandoffAddon {
  /**
   * Replaces the process; returns only by throwing an Error with code, errno,
   * syscall, path (and earlierAttempt: true when, once per process, another
   * thread's attempt had failed so and this one tried nothing).
   */
  exec(path: string, argv: string[], env: Record<string, string | undefined>, fds: InheritedFd[], options?: ExecOptions): never;
  describeFd(fd: number): FdDescription;
  listeningSockets(): FdDescription[];
}

export interface ExecOptions {
  /** Try only if no once-per-process attempt failed before, in any thread (native/exec_with_fds.h). */
  oncePerProcess?: boolean;
  /** Written to stdout by the thread that execs, just before it does. */
  announce?: string;
}

export interface InheritedFd {
  fd: number;
  /** Its LISTEN_FDNAMES entry. */
  name: FdName;
}

export interface FdDescription {
  fd: number;
  open: boolean;
  type?: 'socket' | 'file' | 'directory' | 'pipe' | 'character-device' | 'other';
  closeOnExec?: boolean;
  nonBlocking?: boolean;
  listening?: boolean;
  family?: 'IPv4' | 'IPv6' | 'unix' | 'other';
  address?: string;
  port?: number;
}

export const ADDON_OVERRIDE = 'GO_HANDOFF_ADDON';
export const ADDON_FILE = 'handoff.node';

/** Where to look for the addon, first match wins. */
export function addonCandidates(dir: string, env: NodeJS.ProcessEnv, platform: string, arch: string): string[] {
  const override = env[ADDON_OVERRIDE];
  if (override) return [path.resolve(dir, override)];
  return [
    path.join(dir, 'build', 'Release', ADDON_FILE),
    path.join(dir, 'prebuilds', `${platform}-${arch}`, ADDON_FILE),
  ];
}

/** An addon that could not be loaded, with everything needed to say why. */
export class AddonLoadError extends Error {
  readonly code = 'ERR_GO_HANDOFF_ADDON';
  constructor(readonly tried: { file: string; error: string }[], platform: string, arch: string) {
    super(
      `cannot load go-handoff's addon for ${platform}-${arch} (Node.js ${process.version}, Node-API ${process.versions.napi}). Tried:\n` +
        tried.map((t) => `  ${t.file}: ${t.error}`).join('\n') +
        `\n${addonRemedy(tried.map((t) => t.error), platform, arch)}`,
    );
  }
}

/** What to do about an addon that would not load, from the loader's errors. Pure. */
export function addonRemedy(errors: string[], platform: string, arch: string): string {
  const all = errors.join('\n');
  const tooNew = /version `((?:GLIBC|GLIBCXX|CXXABI)_[\d.]+)' not found/.exec(all);
  if (tooNew) {
    return (
      `This host's C or C++ library is older than the addon needs (${tooNew[1]}). go-handoff's own build of the addon needs` +
      ' no more than glibc 2.17 and libstdc++ 3.4.21 (GCC 5): rebuild function.zip with `make` or `go-handoff package`' +
      ' without --addon, and check what its addon needs with `go-handoff inspect function.zip`.'
    );
  }
  if (/musl|Error relocating|ld-musl/.test(all)) {
    return 'This host\'s C library is not glibc (musl, as on Alpine Linux), and the addon is built for glibc: run the function on a glibc-based Node.js image (Debian, Ubuntu, Cloud Functions\' own).';
  }
  return (
    `function.zip holds the addon for the platform it was built for: rebuild it on (or for) ${platform}-${arch}` +
    ` with \`make\`, or set ${ADDON_OVERRIDE} to a handoff.node built for this host.`
  );
}

export function loadAddon(dir: string, env = process.env, platform: string = process.platform, arch: string = process.arch): HandoffAddon {
  const tried: { file: string; error: string }[] = [];
  for (const file of addonCandidates(dir, env, platform, arch)) {
    const module = { exports: {} as HandoffAddon };
    try {
      // process.dlopen rather than require: bundlers leave it alone.
      process.dlopen(module, file);
      return module.exports;
    } catch (error) {
      const message = (error as Error).message;
      tried.push({ file, error: (error as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED' && /No such file/.test(message) ? 'not there' : message });
    }
  }
  throw new AddonLoadError(tried, platform, arch);
}
