// Where the Go binary is and what the loader was built with, read from the
// package.json that `go-handoff package` writes next to index.js.
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ArchiveManifest } from '../schema';

export const BINARY_OVERRIDE = 'GO_HANDOFF_BINARY';
export const DEFAULT_BINARY = 'handler';

/** The `goHandoff` section as the loader reads it: an archive another go-handoff wrote, or a hand-assembled folder, may have only the binary. */
export type ManifestAsRead = Pick<ArchiveManifest, 'binary'> & Partial<ArchiveManifest>;

export function readManifest(dir: string): ManifestAsRead {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const section = pkg?.goHandoff;
    if (section && typeof section.binary === 'string' && section.binary !== '') return section;
  } catch {
    // No package.json (a hand-assembled folder): the defaults serve.
  }
  return { binary: DEFAULT_BINARY };
}

/** The binary to exec: GO_HANDOFF_BINARY (absolute, or relative to dir) or the archive's own. */
export function binaryPath(dir: string, manifest: ManifestAsRead, env: NodeJS.ProcessEnv): string {
  const override = env[BINARY_OVERRIDE];
  return path.resolve(dir, override || manifest.binary);
}
