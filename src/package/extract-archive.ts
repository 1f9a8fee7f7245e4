// Unpacks a function archive (zip or tar.gz) the way a host does, keeping
// Unix modes (the Go binary's executable bit), by the rules of
// archive-rules.ts: links and devices left out, and the whole archive
// refused for an entry that would land outside the folder, a name twice, or
// a file where a folder must be. Streams each entry to disk, within the
// limits of archive-limits.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { ArchiveError, entryName } from './archive-error';
import { type ArchiveLimits, archiveLimits } from './archive-limits';
import { ArchiveRules } from './archive-rules';
import { walkArchive } from './walk-archive';

export interface ExtractOptions {
  limits?: ArchiveLimits;
  /** Told of each entry left out (a link, a device), with why. */
  onDropped?: (name: string, reason: string) => void;
}

/**
 * Unpacks archive into dir (made if need be); returns the names unpacked,
 * folders with a trailing "/". On an ArchiveError, dir may hold part of the
 * archive: a caller that made dir for it removes it.
 */
export async function extractArchive(archive: string, dir: string, options: ExtractOptions = {}): Promise<string[]> {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  const rules = new ArchiveRules();
  const unpacked: string[] = [];
  for await (const { entry, body } of walkArchive(archive, options.limits ?? archiveLimits())) {
    const admission = rules.admit(entry);
    if (admission.action === 'refuse') throw new ArchiveError(archive, `entry ${entryName(entry.name)}: ${admission.reason}`);
    if (admission.action === 'skip') continue;
    if (admission.action === 'drop') {
      options.onDropped?.(admission.path, admission.reason);
      continue;
    }
    const target = path.join(root, ...admission.path.split('/'));
    // The rules keep every path inside; checked again where it is written.
    if (!target.startsWith(root + path.sep)) throw new ArchiveError(archive, `entry ${entryName(entry.name)} would be written outside ${dir}`);
    try {
      if (admission.action === 'mkdir') {
        fs.mkdirSync(target, { recursive: true });
        unpacked.push(`${admission.path}/`);
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        await writeFile(target, body, entry.mode & 0o777);
        unpacked.push(admission.path);
      }
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      const { code, message } = error as NodeJS.ErrnoException;
      throw new ArchiveError(archive, `entry ${entryName(entry.name)} could not be written to ${target} (${code ?? message})`);
    }
  }
  return unpacked;
}

/**
 * Streams body into a new file. O_NOFOLLOW: dir may hold files of its own,
 * and a link there must not carry the write elsewhere.
 */
async function writeFile(target: string, body: AsyncIterable<Buffer>, mode: number): Promise<void> {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(target, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
  await pipeline(Readable.from(body, { objectMode: false }), fs.createWriteStream(target, { fd }));
  fs.chmodSync(target, mode); // the umask may have trimmed it
}
