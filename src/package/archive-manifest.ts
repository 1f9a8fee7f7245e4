// The package.json and package-lock.json of a function archive. Pure.
//
// The host may run `npm install` or `npm ci` on the archive, or nothing: with
// no dependencies and no scripts, and a lock file (npm ci refuses to run
// without one), all three work offline and change nothing.
import type { ArchiveManifest } from '../loader/config';
import { LOADER_NODE_RANGE } from '../loader/runtime-support';

export const ARCHIVE_PACKAGE_NAME = 'go-handoff-function';
export const ARCHIVE_PACKAGE_VERSION = '1.0.0';

export interface ArchiveDescription extends ArchiveManifest {
  goos: string;
  goarch: string;
  /** How the Go function is called (http, typed, bytes, event, main). */
  contract: string;
  /** The functions the binary offers, one of which the host's target picks; absent when the package has its own main. */
  functions?: string[];
  /** The go-handoff version that built it. */
  builtWith: string;
}

export function archivePackageJson(description: ArchiveDescription): string {
  const pkg = {
    name: ARCHIVE_PACKAGE_NAME,
    version: ARCHIVE_PACKAGE_VERSION,
    private: true,
    description: 'A Go function packaged by go-handoff: index.js execs the Go binary in place of Node.js.',
    main: 'index.js',
    // What the loader runs on (runtime-support.ts).
    engines: { node: LOADER_NODE_RANGE },
    goHandoff: {
      binary: description.binary,
      goos: description.goos,
      goarch: description.goarch,
      contract: description.contract,
      ...(description.functions?.length ? { functions: description.functions } : {}),
      builtWith: description.builtWith,
    },
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

export function archivePackageLock(): string {
  const lock = {
    name: ARCHIVE_PACKAGE_NAME,
    version: ARCHIVE_PACKAGE_VERSION,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: ARCHIVE_PACKAGE_NAME, version: ARCHIVE_PACKAGE_VERSION, engines: { node: LOADER_NODE_RANGE } },
    },
  };
  return JSON.stringify(lock, null, 2) + '\n';
}
