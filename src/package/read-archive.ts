// Reads a whole function archive, zip or tar.gz, into memory, each entry
// with its Unix mode: for tests and tools that look at a few small archives
// of their own. What reads archives from anywhere (serve, inspect) streams
// them with walk-archive.ts instead; this is bounded by the same limits.
import type { ArchiveFormat } from './archive-format';
import { type ArchiveLimits, archiveLimits } from './archive-limits';
import type { EntryKind } from './archive-rules';
import { archiveFormat, walkArchive } from './walk-archive';

export interface ArchiveFile {
  /** Path inside the archive, forward slashes, without "./" before or "/" after. */
  name: string;
  type: EntryKind;
  /** Unix permission bits (0o777). */
  mode: number;
  data: Buffer;
}

export interface ArchiveContents {
  format: ArchiveFormat;
  files: ArchiveFile[];
}

export async function readArchive(file: string, limits: ArchiveLimits = archiveLimits()): Promise<ArchiveContents> {
  const format = archiveFormat(file);
  const files: ArchiveFile[] = [];
  for await (const { entry, body } of walkArchive(file, limits)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    const name = entry.name.replace(/^(\.\/)+/, '').replace(/\/$/, '');
    if (name === '' || name === '.') continue;
    files.push({ name, type: entry.kind, mode: entry.mode & 0o777, data: Buffer.concat(chunks) });
  }
  return { format, files };
}
