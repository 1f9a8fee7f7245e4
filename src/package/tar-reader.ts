// Reads a tar stream entry by entry, streaming each body: POSIX ustar, GNU
// (long names, base-256 sizes) and PAX extended headers (path, linkpath,
// size). Written here rather than taken from tar-stream, which go-handoff
// writes archives with, because reading hostile archives needs what it
// does not give: every error naming the entry it is in (a bad size field
// is reported before any entry is emitted), a truncated archive as an error
// rather than an uncaught exception, and the limits applied before a byte
// of a body is read.
import { type ArchiveLimits, tooManyBytes, tooManyEntries } from './archive-limits';
import { ArchiveProblem, entryName } from './archive-error';
import type { EntryKind } from './archive-rules';
import type { ByteSource } from './byte-source';
import type { ArchiveItem } from './walk-archive';

const BLOCK = 512;
/** Bound on a PAX header or GNU long name: a path is at most 4 KiB, and the other records they carry are small. */
const MAX_META_BYTES = 1024 * 1024;

const KINDS: Record<string, EntryKind> = { '0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '3': 'device', '4': 'device', '5': 'directory', '6': 'fifo' };

interface Header {
  name: string;
  type: string;
  mode: number;
  size: number;
  linkname: string;
}

/**
 * The entries of the tar in source, each with its body (read it, or not: the
 * rest is skipped before the next entry). failure turns an error of the
 * source (a gzip stream's) into a problem, given where in the archive it came.
 */
export async function* readTar(source: ByteSource, limits: ArchiveLimits, failure: (error: unknown, where: string) => ArchiveProblem): AsyncGenerator<ArchiveItem> {
  let previous: string | undefined;
  let entries = 0;
  const after = () => (previous === undefined ? 'before its first entry' : `after entry ${entryName(previous)}`);
  const read = async (n: number, where: () => string) => {
    try {
      return await source.read(n);
    } catch (error) {
      throw failure(error, where());
    }
  };
  /** The body of entry name, n bytes: streamed to whoever reads it, and what they leave skipped. */
  const bodyOf = (n: number, name: string) => {
    let remaining = n;
    const next = async () => {
      let chunk: Buffer | null;
      try {
        chunk = await source.next(Math.min(remaining, 64 * 1024));
      } catch (error) {
        throw failure(error, `in entry ${entryName(name)}`);
      }
      if (chunk === null) throw new ArchiveProblem(`the archive ends in the middle of entry ${entryName(name)} (${n - remaining} of its ${n} bytes are there): it is truncated`);
      remaining -= chunk.length;
      return chunk;
    };
    return {
      chunks: (async function* () {
        while (remaining > 0) yield await next();
      })(),
      async skipRest() {
        while (remaining > 0) await next();
      },
    };
  };
  const budget = (size: number, name: string) => {
    if (source.position + size > limits.maxBytes) throw new ArchiveProblem(tooManyBytes(limits, `at entry ${entryName(name)}`));
  };

  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  for (;;) {
    const block = await read(BLOCK, after);
    if (block.length === 0) throw new ArchiveProblem(previous === undefined ? 'the tar archive inside is empty: not even its end marker is there' : `the archive ends ${after()} without tar's end marker: it is truncated`);
    if (block.length < BLOCK) throw new ArchiveProblem(`the archive ends in the middle of a tar header ${after()}: it is truncated`);
    if (block.every((byte) => byte === 0)) {
      await drain(source, limits, failure);
      return;
    }
    if (++entries > limits.maxEntries) throw new ArchiveProblem(tooManyEntries(limits, `passed ${after()}`));
    const header = parseHeader(block, after);

    if (header.type === 'x' || header.type === 'g' || header.type === 'L' || header.type === 'K') {
      // Its own size, whatever an earlier PAX header said: that is for the next entry.
      const size = header.size;
      if (size > MAX_META_BYTES) throw new ArchiveProblem(`a tar extended header ${after()} declares ${size} bytes, more than the ${MAX_META_BYTES} such a header ever needs: the archive is corrupt`);
      budget(size, header.name);
      const data = await read(size, after);
      if (data.length < size) throw new ArchiveProblem(`the archive ends in the middle of a tar extended header ${after()}: it is truncated`);
      await skipPadding(size, read, after);
      // A global header ("g") sets defaults for every later entry; the only
      // ones that matter here (path, size) make no sense globally, and GNU
      // tar ignores them too.
      if (header.type === 'x') pax = parsePax(data, after);
      else if (header.type === 'L') longName = cString(data);
      else if (header.type === 'K') longLink = cString(data);
      continue;
    }

    const name = pax.path ?? longName ?? header.name;
    const size = pax.size !== undefined ? paxSize(pax.size, name) : header.size;
    const linkTarget = pax.linkpath ?? longLink ?? (header.linkname || undefined);
    const kind = header.type === '0' && name.endsWith('/') ? 'directory' : (KINDS[header.type] ?? 'other');
    longName = longLink = undefined;
    pax = {};
    previous = name;
    // No data follows a link, a folder, a device or a pipe, whatever their
    // size field says (POSIX; old archives repeat a hard link's file size).
    const bodySize = kind === 'file' || kind === 'other' ? size : 0;
    budget(bodySize, name);
    const body = bodyOf(bodySize, name);
    yield {
      entry: { name, kind, mode: header.mode & 0o7777, size: kind === 'file' ? size : 0, ...(linkTarget !== undefined && { linkTarget }), ...(kind === 'other' && { rawType: header.type }) },
      body: body.chunks,
    };
    await body.skipRest(); // what the reader left, checked to be there
    await skipPadding(bodySize, read, () => `in entry ${entryName(name)}`);
  }
}

/** The rest of the stream after the end marker: read (so that gzip checks its checksum) and bounded like the rest. */
async function drain(source: ByteSource, limits: ArchiveLimits, failure: (error: unknown, where: string) => ArchiveProblem): Promise<void> {
  for (;;) {
    let chunk: Buffer | null;
    try {
      chunk = await source.next(64 * 1024);
    } catch (error) {
      throw failure(error, "after tar's end marker");
    }
    if (chunk === null) return;
    if (source.position > limits.maxBytes) throw new ArchiveProblem(tooManyBytes(limits, "after tar's end marker"));
  }
}

async function skipPadding(size: number, read: (n: number, where: () => string) => Promise<Buffer>, where: () => string): Promise<void> {
  const padding = (BLOCK - (size % BLOCK)) % BLOCK;
  if (padding === 0) return;
  const skipped = await read(padding, where);
  if (skipped.length < padding) throw new ArchiveProblem(`the archive ends ${where()}, inside its padding: it is truncated`);
}

export function parseHeader(block: Buffer, after: () => string): Header {
  const stored = block.subarray(148, 156);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  const checksum = octal(stored);
  if (checksum === undefined || (checksum !== unsigned && checksum !== signed)) {
    throw new ArchiveProblem(`the tar header ${after()} is corrupt (its checksum does not match)${after().startsWith('before') ? ': the gzip stream does not hold a tar archive' : ''}`);
  }
  let name = cString(block.subarray(0, 100));
  // POSIX ustar ("ustar\0") keeps a prefix for long paths; GNU's "ustar  " uses those bytes for other things.
  if (block.toString('latin1', 257, 263) === 'ustar\0') {
    const prefix = cString(block.subarray(345, 500));
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  const type = block[156] === 0 ? '0' : String.fromCharCode(block[156]);
  const field = (at: number, length: number, what: string) => {
    const value = number(block.subarray(at, at + length));
    if (value === undefined) {
      const shown = block.subarray(at, at + length).toString('latin1').replace(/\0+$/, '');
      throw new ArchiveProblem(`entry ${entryName(name)} declares its ${what} as ${entryName(shown)}, which is not a number tar writes: the archive is corrupt`);
    }
    return value;
  };
  return { name, type, mode: field(100, 8, 'mode'), size: field(124, 12, 'size'), linkname: cString(block.subarray(157, 257)) };
}

/** A numeric field: octal digits (space- or NUL-padded), or GNU's base-256 for large values; undefined when neither. */
function number(field: Buffer): number | undefined {
  if (field[0] & 0x80) {
    if (field[0] !== 0x80) return undefined; // 0xff: negative
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return Number.isSafeInteger(value) ? value : undefined;
  }
  return octal(field);
}

function octal(field: Buffer): number | undefined {
  const text = field.toString('latin1').replace(/^ +/, '').replace(/[ \0]+$/, '');
  if (!/^[0-7]*$/.test(text)) return undefined;
  const value = text === '' ? 0 : parseInt(text, 8);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** PAX records: "<length> <key>=<value>\n", length counting the whole record. */
export function parsePax(data: Buffer, after: () => string): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space > at ? Number(data.toString('latin1', at, space)) : NaN;
    const end = at + length;
    if (!Number.isInteger(length) || length <= space - at + 1 || end > data.length || data[end - 1] !== 0x0a) {
      // Some writers pad the header with NULs after its last record.
      if (data.subarray(at).every((byte) => byte === 0)) break;
      throw new ArchiveProblem(`the PAX extended header ${after()} is malformed: the archive is corrupt`);
    }
    const record = data.toString('utf8', space + 1, end - 1);
    const equals = record.indexOf('=');
    if (equals <= 0) throw new ArchiveProblem(`the PAX extended header ${after()} is malformed: the archive is corrupt`);
    records[record.slice(0, equals)] = record.slice(equals + 1);
    at = end;
  }
  return records;
}

function paxSize(text: string, name: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new ArchiveProblem(`entry ${entryName(name)} declares its size as ${entryName(text)} in its PAX header, which is not a number: the archive is corrupt`);
  return value;
}

/** Bytes up to the first NUL, as UTF-8. */
function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.toString('utf8', 0, end === -1 ? bytes.length : end);
}
