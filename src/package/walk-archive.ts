// Walks a function archive, zip or tar.gz, entry by entry, streaming each
// body: what `serve` unpacks and `inspect` checks, neither holding an
// archive in memory. Whatever is wrong with the archive (truncated, a bad
// gzip, a corrupt header, past the limits) ends the walk with one
// ArchiveError naming the archive, and every file it opened is closed.
import * as fs from 'node:fs';
import { pipeline } from 'node:stream';
import * as zlib from 'node:zlib';

import { describeFileStart } from '../loader/file-kind';
import { ArchiveError, ArchiveProblem } from './archive-error';
import type { ArchiveFormat } from './archive-format';
import { type ArchiveLimits, archiveLimits } from './archive-limits';
import type { EntryKind } from './archive-rules';
import { ByteSource } from './byte-source';
import { readTar } from './tar-reader';
import { readZip } from './zip-reader';

export interface WalkedEntry {
  /** The name as the archive stores it (archive-rules.ts says where it would go). */
  name: string;
  kind: EntryKind;
  /** Unix permission bits. */
  mode: number;
  /** The content's length (files only; 0 for the rest). */
  size: number;
  linkTarget?: string;
  /** The format's own type, for a kind go-handoff has no name for. */
  rawType?: string;
}

export interface ArchiveItem {
  entry: WalkedEntry;
  /** The content, checked as it streams: read it before the next entry, or leave it (the walk reads and checks it all the same). */
  body: AsyncIterable<Buffer>;
}

/** The archive's format from its first bytes; an ArchiveError when it is no archive at all. */
export function archiveFormat(file: string): Exclude<ArchiveFormat, 'dir'> {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      if (!fs.fstatSync(fd).isFile()) throw new ArchiveError(file, 'not a file: give a function archive (.zip or .tar.gz)');
      head = Buffer.alloc(64);
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArchiveError(file, code === 'ENOENT' ? 'the archive does not exist' : `the archive cannot be read (${code ?? (error as Error).message})`);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  throw new ArchiveError(file, `neither a zip nor a tar.gz archive: it is ${describeFileStart(head)}`);
}

export async function* walkArchive(file: string, limits: ArchiveLimits = archiveLimits()): AsyncGenerator<ArchiveItem> {
  const format = archiveFormat(file);
  const named = (error: unknown) => {
    if (error instanceof ArchiveError) return error;
    return new ArchiveError(file, error instanceof ArchiveProblem ? error.message : `it cannot be read (${(error as Error).message})`);
  };
  // A body's errors reach whoever reads it, not this generator: named too.
  async function* checked(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      yield* body;
    } catch (error) {
      throw named(error);
    }
  }
  try {
    if (format === 'zip') {
      for await (const { entry, body } of readZip(file, limits)) yield { entry, body: checked(body) };
      return;
    }
    const gunzip = zlib.createGunzip();
    // pipeline: an error on either side ends both, and closes the file.
    pipeline(fs.createReadStream(file), gunzip, () => {});
    try {
      for await (const { entry, body } of readTar(new ByteSource(gunzip), limits, gzipProblem)) yield { entry, body: checked(body) };
    } finally {
      gunzip.destroy();
    }
  } catch (error) {
    throw named(error);
  }
}

/** What a failure of the gzip stream means, given where in the archive it came. */
function gzipProblem(error: unknown, where: string): ArchiveProblem {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/.test(message)) {
    return new ArchiveProblem(`its gzip stream ends too soon, ${where}: it is truncated`);
  }
  if (code?.startsWith('Z_')) return new ArchiveProblem(`its gzip stream is corrupt, ${where} (${message})`);
  return new ArchiveProblem(`it cannot be read, ${where} (${message})`);
}
