// How much reading an archive may unpack: archives come from anywhere, and a
// few hundred KiB of gzip can stand for hundreds of MiB (a bomb). Pure.
//
// The defaults leave room for any function a host deploys: Cloud Functions
// takes at most 500 MB unpacked (source and node_modules), Lambda 250 MB
// (layers included), so 512 MiB refuses nothing a host would run. The entry
// count bounds what the sizes do not (a bomb of empty files costs an inode
// each): an archive go-handoff writes holds six entries, a function with its
// node_modules beside it thousands, and a zip without its ZIP64 extension at
// most 65,535, which is where the default stops.
import { formatBytes } from '../cli/format';

export const MAX_BYTES_SETTING = 'GO_HANDOFF_ARCHIVE_MAX_BYTES';
export const MAX_ENTRIES_SETTING = 'GO_HANDOFF_ARCHIVE_MAX_ENTRIES';

export interface ArchiveLimits {
  /** The content of all entries together, unpacked (tar's own headers included). */
  maxBytes: number;
  /** Entries of every kind: files, folders, links, tar's extended headers. */
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxBytes: 512 * 1024 * 1024, maxEntries: 65_535 };

/** The limits, from the settings where given; throws on a setting that is not a positive whole number. */
export function archiveLimits(env: NodeJS.ProcessEnv = process.env): ArchiveLimits {
  return {
    maxBytes: positiveSetting(env, MAX_BYTES_SETTING, 'bytes') ?? DEFAULT_ARCHIVE_LIMITS.maxBytes,
    maxEntries: positiveSetting(env, MAX_ENTRIES_SETTING, 'entries') ?? DEFAULT_ARCHIVE_LIMITS.maxEntries,
  };
}

function positiveSetting(env: NodeJS.ProcessEnv, name: string, unit: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name}=${JSON.stringify(text)} is not a positive whole number of ${unit}`);
  }
  return value;
}

/** Why an archive is refused for its total size; where: at which entry the limit was passed. */
export function tooManyBytes(limits: ArchiveLimits, where: string): string {
  return `it unpacks to more than ${formatBytes(limits.maxBytes)} (passed ${where}), the limit go-handoff reads (${MAX_BYTES_SETTING}, ${limits.maxBytes} bytes): no host deploys a function that large (Cloud Functions takes 500 MB unpacked, Lambda 250 MB), so it is likely an archive bomb; if it is not, raise ${MAX_BYTES_SETTING}`;
}

/** Why an archive is refused for its number of entries. */
export function tooManyEntries(limits: ArchiveLimits, where: string): string {
  return `it holds more than ${limits.maxEntries} entries (${where}), the limit go-handoff reads (${MAX_ENTRIES_SETTING}): a function archive holds a handful; if this one is meant to hold that many, raise ${MAX_ENTRIES_SETTING}`;
}
