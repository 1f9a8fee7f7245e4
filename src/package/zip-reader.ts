// Reads a zip entry by entry with yauzl, streaming each body and checking it
// against what the central directory declares (its size, its CRC-32), so
// that a corrupt or lying entry is an error naming it, and a bomb stops at
// the limits before it is inflated.
import * as zlib from 'node:zlib';

import yauzl from 'yauzl';

import { ArchiveProblem, entryName } from './archive-error';
import { type ArchiveLimits, tooManyBytes, tooManyEntries } from './archive-limits';
import type { EntryKind } from './archive-rules';
import type { ArchiveItem } from './walk-archive';

const S_IFMT = 0o170000;
const KINDS: Record<number, EntryKind> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'symlink', 0o020000: 'device', 0o060000: 'device', 0o010000: 'fifo', 0o140000: 'other' };
/** MS-DOS's directory attribute, what zips made on Windows mark folders with. */
const DOS_DIRECTORY = 0x10;
/** A symbolic link's target is its content: read it when it is no longer than a path can be. */
const MAX_LINK_TARGET = 4096;
/** zlib.crc32 came in Node.js 20.15 and 22.2: before, the sizes are checked and the checksums not. */
const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

export async function* readZip(file: string, limits: ArchiveLimits): AsyncGenerator<ArchiveItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: false });
  } catch (error) {
    throw new ArchiveProblem(openProblem((error as Error).message));
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new ArchiveProblem(tooManyEntries(limits, `its directory lists ${zip.entryCount}`));
    let previous: string | undefined;
    let total = 0;
    for (;;) {
      const entry = await nextEntry(zip, () => (previous === undefined ? 'before its first entry' : `after entry ${entryName(previous)}`));
      if (entry === null) return;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, false);
      previous = name;
      const kind = kindOf(entry, name);
      const where = `entry ${entryName(name)}`;
      if (entry.isEncrypted()) throw new ArchiveProblem(`${where} is encrypted, which no host unpacks`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new ArchiveProblem(`${where} is compressed with method ${entry.compressionMethod}, which hosts do not unpack: zip it with deflate (8) or none (0)`);
      }
      if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
        throw new ArchiveProblem(`${where} is stored uncompressed, yet declares ${entry.uncompressedSize} bytes and stores ${entry.compressedSize}: the archive is corrupt`);
      }
      if (kind === 'directory' && entry.uncompressedSize > 0) throw new ArchiveProblem(`${where} is a folder, yet declares ${entry.uncompressedSize} bytes of content: the archive is corrupt`);
      const size = entry.uncompressedSize;
      total += size;
      if (total > limits.maxBytes) throw new ArchiveProblem(tooManyBytes(limits, `at ${where}, which declares ${entry.uncompressedSize} bytes`));

      const body = await bodyOf(zip, entry, size, where);
      let linkTarget: string | undefined;
      if (kind === 'symlink' && size <= MAX_LINK_TARGET) {
        const parts: Buffer[] = [];
        for await (const chunk of body.chunks) parts.push(chunk);
        linkTarget = Buffer.concat(parts).toString('utf8');
      }
      let walkedOn = false;
      try {
        yield {
          entry: { name, kind, mode: (entry.externalFileAttributes >>> 16) & 0o7777 || (kind === 'directory' ? 0o755 : 0o644), size: kind === 'file' ? size : 0, ...(linkTarget !== undefined && { linkTarget }) },
          body: body.chunks,
        };
        walkedOn = true;
      } finally {
        if (!walkedOn) body.abandon(); // the walk stopped here (the reader failed): let the file go
      }
      await body.skipRest(); // what the reader left, inflated and checked all the same
    }
  } finally {
    zip.close();
  }
}

function kindOf(entry: yauzl.Entry, name: string): EntryKind {
  const unixMode = entry.externalFileAttributes >>> 16;
  if (name.endsWith('/')) return 'directory';
  // Zips made on Windows hold no Unix mode: their attribute says folder or not.
  if ((unixMode & S_IFMT) === 0) return entry.externalFileAttributes & DOS_DIRECTORY ? 'directory' : 'file';
  return KINDS[unixMode & S_IFMT] ?? 'other';
}

/** The next entry of the central directory, or null after the last. */
function nextEntry(zip: yauzl.ZipFile, after: () => string): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new ArchiveProblem(`its directory is corrupt ${after()} (${error.message})`));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** An entry's content, checked to be as long as declared and to match its checksum. */
async function bodyOf(zip: yauzl.ZipFile, entry: yauzl.Entry, size: number, where: string): Promise<{ chunks: AsyncGenerator<Buffer>; skipRest(): Promise<void>; abandon(): void }> {
  let stream: AsyncIterator<Buffer>;
  try {
    stream = (await zip.openReadStreamPromise(entry))[Symbol.asyncIterator]();
  } catch (error) {
    throw new ArchiveProblem(`${where} cannot be read (${(error as Error).message}): the archive is corrupt`);
  }
  let read = 0;
  let crc = 0;
  let ended = false;
  const next = async (): Promise<Buffer | null> => {
    try {
      return await check(await stream.next());
    } catch (error) {
      void stream.return?.(); // ends the inflating stream, which holds the file open
      if (error instanceof ArchiveProblem) throw error;
      throw new ArchiveProblem(`${where} cannot be read (${(error as Error).message}): the archive is corrupt`);
    }
  };
  const check = (result: IteratorResult<Buffer>): Buffer | null => {
    if (result.done) {
      ended = true;
      if (read < size) throw new ArchiveProblem(`${where} holds ${read} bytes, fewer than the ${size} it declares: the archive is corrupt`);
      if (crc32 && crc !== entry.crc32) throw new ArchiveProblem(`${where} does not match its checksum (CRC-32): the archive is corrupt`);
      return null;
    }
    read += result.value.length;
    if (read > size) throw new ArchiveProblem(`${where} holds more than the ${size} bytes it declares: the archive is corrupt`);
    if (crc32) crc = crc32(result.value, crc);
    return result.value;
  };
  return {
    chunks: (async function* () {
      for (let chunk = await next(); chunk !== null; chunk = await next()) yield chunk;
    })(),
    async skipRest() {
      while (!ended) await next();
    },
    abandon() {
      if (!ended) void stream.return?.();
    },
  };
}

/** yauzl's words for an archive it cannot open, in ours. */
function openProblem(message: string): string {
  if (/end of central directory record signature not found/i.test(message)) {
    return 'it is truncated, or not a zip archive: the record that ends every zip is not there';
  }
  return `it is not a readable zip archive (${message})`;
}
