// How the CLI writes sizes, durations and paths. Pure.
import * as path from 'node:path';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A path as the user would type it from cwd: relative below cwd, else absolute. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export interface PackageSummary {
  archive: string;
  archiveBytes: number;
  binaryName: string;
  binaryBytes: number;
  goarch: string;
  elapsedMs: number;
}

/** The one line `package` ends with: what was written, how big, for which machine. */
export function packageSummary(s: PackageSummary, cwd = process.cwd()): string {
  return (
    `go-handoff: wrote ${displayPath(s.archive, cwd)} (${formatBytes(s.archiveBytes)}): ` +
    `${s.binaryName} for linux/${s.goarch}, ${formatBytes(s.binaryBytes)}; ${formatSeconds(s.elapsedMs)}`
  );
}

const ADDON_HOW = { prebuilt: 'prebuilt', built: 'built from native/ with zig', given: 'given with --addon' } as const;

/** Which addon the archive holds, where it came from, and what was tried before building one. */
export function addonLine(addon: { file: string; how: keyof typeof ADDON_HOW; tried?: string; host?: string }, cwd = process.cwd()): string {
  const host = addon.host ? ` on ${addon.host}` : '';
  const tried = addon.tried ? `; no prebuilt addon fitted, tried ${addon.tried}` : '';
  return `addon: ${displayPath(addon.file, cwd)} (${ADDON_HOW[addon.how]}${host}${tried})`;
}
