// Which entries of an archive `serve` unpacks, leaves out or refuses: one set
// of rules, which `serve` (extract-archive.ts) enforces and `inspect`
// reports, so that what inspect says is what serve does. Pure: takes entries
// in archive order, keeps what it has seen to find duplicates and conflicts.
//
// Refused (the whole archive): a name that would land outside the folder
// (absolute, "..", through a link), that no file system takes (a NUL byte,
// too long), a name twice, a file where a folder must be or the reverse.
// Each of these is either an attack or an archive that unpacks differently
// on different hosts, so none of them has a right answer to unpack.
// Left out: links, devices and pipes, which a function archive never needs
// and which hosts treat differently.
import { entryName } from './archive-error';

/** What an entry is, whatever the archive's format calls it. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface RuledEntry {
  /** The name as the archive stores it: "/" between folders, a folder's perhaps with a trailing "/". */
  name: string;
  kind: EntryKind;
  /** Where a link points. */
  linkTarget?: string;
  /** The format's own word for a kind go-handoff has no name for (tar's typeflag "V"). */
  rawType?: string;
}

export type Admission =
  /** Unpacked: a file written, a folder made, at `path` (the name without "./" and trailing "/"). */
  | { action: 'write' | 'mkdir'; path: string }
  /** The folder the archive unpacks into itself ("./", tar's usual first entry): nothing to do. */
  | { action: 'skip'; path: string }
  /** Left out of what serve unpacks; the archive still serves. */
  | { action: 'drop'; path: string; reason: string }
  /** serve refuses the whole archive; path: where it would have gone, when it has a place at all. */
  | { action: 'refuse'; reason: string; path?: string };

/** Linux's limits on a path (PATH_MAX less its NUL) and on each of its names (NAME_MAX). */
const MAX_PATH_BYTES = 4095;
const MAX_NAME_BYTES = 255;

type Seen = 'file' | 'directory' | 'link' | 'other';

export class ArchiveRules {
  /** Every path met so far, and what it is: a folder also when only implied by an entry inside it. */
  private readonly seen = new Map<string, { kind: Seen; explicit: boolean }>();

  admit(entry: RuledEntry): Admission {
    const named = normalizeName(entry.name);
    if ('refuse' in named) return { action: 'refuse', reason: named.refuse };
    const { path } = named;
    if (path === '') {
      if (entry.kind === 'directory') return { action: 'skip', path: '.' };
      return { action: 'refuse', reason: `it names the folder the archive unpacks into, not ${article(entry.kind)} in it` };
    }
    const conflict = this.conflict(path, entry.kind);
    if (conflict) return { action: 'refuse', reason: conflict, path };
    this.record(path, entry.kind);
    switch (entry.kind) {
      case 'file':
        return { action: 'write', path };
      case 'directory':
        return { action: 'mkdir', path };
      default:
        return { action: 'drop', path, reason: droppedBecause(entry) };
    }
  }

  /** Why an entry at path cannot be unpacked beside what came before it, if it cannot. */
  private conflict(path: string, kind: EntryKind): string | undefined {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const before = this.seen.get(folder);
      if (!before || before.kind === 'directory') continue;
      if (before.kind === 'link') {
        return `it lies inside ${entryName(folder)}, which the archive makes a link: a host that keeps links would write it wherever the link points`;
      }
      return `a file where a folder must be: it lies inside ${entryName(folder)}, which the archive makes ${before.kind === 'file' ? 'a file' : 'an entry of another kind'}, not a folder`;
    }
    const before = this.seen.get(path);
    if (!before) return undefined;
    if (before.kind === 'directory' && kind === 'directory') {
      return before.explicit ? `it appears twice in the archive` : undefined;
    }
    if (before.kind === 'directory') {
      return `a folder where a file must be: the archive makes it ${article(kind)}, but ${before.explicit ? 'an earlier entry makes it a folder' : 'earlier entries lie inside it, so it is a folder'}`;
    }
    if (kind === 'directory') {
      return `a file where a folder must be: the archive makes it a folder, but an earlier entry makes it ${before.kind === 'file' ? 'a file' : before.kind === 'link' ? 'a link' : 'an entry of another kind'}`;
    }
    return 'it appears twice in the archive: hosts keep one or the other, so what runs would depend on the host';
  }

  private record(path: string, kind: EntryKind): void {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (!this.seen.has(folder)) this.seen.set(folder, { kind: 'directory', explicit: false });
    }
    const seen: Seen = kind === 'file' || kind === 'directory' ? kind : kind === 'symlink' || kind === 'hardlink' ? 'link' : 'other';
    this.seen.set(path, { kind: seen, explicit: true });
  }
}

/**
 * The path an entry unpacks to, relative to the folder ("" for the folder
 * itself), or why it cannot be unpacked anywhere inside it. Backslashes
 * count as separators for the checks: a zip made on Windows means them so,
 * and some hosts' unzip reads them so.
 */
export function normalizeName(name: string): { path: string } | { refuse: string } {
  if (name.includes('\0')) return { refuse: 'its name holds a NUL byte, which no file name can: the archive is corrupt, or made to mislead' };
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return { refuse: 'its name is an absolute path: unpacked, it would land outside the function\'s folder' };
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part.split('\\').includes('..'))) {
    return { refuse: 'its name climbs out of the folder with "..": unpacked, it would land outside the function\'s folder' };
  }
  const path = parts.join('/');
  const longest = Math.max(0, ...parts.map((part) => Buffer.byteLength(part)));
  if (Buffer.byteLength(path) > MAX_PATH_BYTES || longest > MAX_NAME_BYTES) {
    return { refuse: `its name is longer than Linux allows (${MAX_PATH_BYTES} bytes in all, ${MAX_NAME_BYTES} for each folder or file name)` };
  }
  return { path };
}

function droppedBecause(entry: RuledEntry): string {
  const target = entry.linkTarget !== undefined ? ` to ${entryName(entry.linkTarget)}` : '';
  const what = {
    symlink: `a symbolic link${target}`,
    hardlink: `a hard link${target}`,
    device: 'a device file',
    fifo: 'a named pipe',
    other: `an entry of a kind serve does not unpack${entry.rawType ? ` (type ${entryName(entry.rawType)})` : ''}`,
  }[entry.kind as Exclude<EntryKind, 'file' | 'directory'>];
  return `${what}: serve leaves it out, and hosts differ on what they make of it; a function archive needs only files and folders`;
}

function article(kind: EntryKind): string {
  return { file: 'a file', directory: 'a folder', symlink: 'a link', hardlink: 'a link', device: 'a device file', fifo: 'a named pipe', other: 'an entry' }[kind];
}
