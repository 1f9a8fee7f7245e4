// What goes into a function archive, and with which modes. Pure: the writers
// (archive-writer.ts) only copy these entries.
import { ADDON_FILE } from '../loader/addon';
import type { ArchiveManifest } from '../schema';
import { archivePackageJson, archivePackageLock } from './archive-manifest';
import { EXEC_WRAPPER_NAME, execWrapperScript } from './exec-wrapper';

export interface ArchiveEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  /** Unix permission bits. */
  mode: number;
  /** The content, or the file to read it from. */
  source: { data: string | Uint8Array } | { file: string };
}

export interface ArchiveInputs {
  /** The package.json's goHandoff section. */
  description: ArchiveManifest;
  /** The bundled loader (dist/loader/index.js). */
  loaderFile: string;
  /** The prebuilt addon for the archive's platform. */
  addonFile: string;
  /** The Go binary. */
  binaryFile: string;
  /** process.arch naming of the archive's architecture (x64, arm64). */
  nodeArch: string;
}

export function archiveEntries(inputs: ArchiveInputs): ArchiveEntry[] {
  const { description } = inputs;
  const entries: ArchiveEntry[] = [
    { name: 'index.js', mode: 0o644, source: { file: inputs.loaderFile } },
    { name: 'package.json', mode: 0o644, source: { data: archivePackageJson(description) } },
    { name: 'package-lock.json', mode: 0o644, source: { data: archivePackageLock() } },
    { name: `prebuilds/${description.goos}-${inputs.nodeArch}/${ADDON_FILE}`, mode: 0o644, source: { file: inputs.addonFile } },
    // execve needs the executable bit; hosts that unpack archives keep it.
    { name: description.binary, mode: 0o755, source: { file: inputs.binaryFile } },
    // Lambda's AWS_LAMBDA_EXEC_WRAPPER=/var/task/exec-wrapper: Go without Node.js.
    { name: EXEC_WRAPPER_NAME, mode: 0o755, source: { data: execWrapperScript(description.binary) } },
  ];
  // A fixed order, for byte-identical archives.
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names the Go binary must not take: they are the loader's. */
export const RESERVED_NAMES = new Set(['index.js', 'package.json', 'package-lock.json', 'prebuilds', 'node_modules', EXEC_WRAPPER_NAME]);

export function checkBinaryName(name: string): string | null {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
    return `HANDLER must be a plain file name (letters, digits, '.', '_', '-'), not ${JSON.stringify(name)}`;
  }
  if (RESERVED_NAMES.has(name)) return `HANDLER cannot be ${JSON.stringify(name)}: the archive's loader uses that name`;
  return null;
}
