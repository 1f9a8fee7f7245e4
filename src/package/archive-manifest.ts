// The package.json and package-lock.json of a function archive. Pure.
//
// The host may run `npm install` or `npm ci` on the archive, or nothing: with
// no dependencies and no scripts, and a lock file (npm ci refuses to run
// without one), all three work offline and change nothing.
import { LOADER_NODE_RANGE } from '../loader/runtime-support';
import type { ArchiveManifest } from '../schema';

export const ARCHIVE_PACKAGE_NAME = 'go-handoff-function';
export const ARCHIVE_PACKAGE_VERSION = '1.0.0';

export function archivePackageJson(description: ArchiveManifest): string {
  // In this order, whatever order the description's keys are in: the same inputs give the same bytes.
  const goHandoff: ArchiveManifest = {
    binary: description.binary,
    goos: description.goos,
    goarch: description.goarch,
    contract: description.contract,
    ...(description.functions?.length ? { functions: description.functions } : {}),
    builtWith: description.builtWith,
  };
  const pkg = {
    name: ARCHIVE_PACKAGE_NAME,
    version: ARCHIVE_PACKAGE_VERSION,
    private: true,
    description: 'A Go function packaged by go-handoff: index.js execs the Go binary in place of Node.js.',
    main: 'index.js',
    // What the loader runs on (runtime-support.ts).
    engines: { node: LOADER_NODE_RANGE },
    goHandoff,
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
