// Writes zip and tar bytes by hand, header by header, for the tests of
// hostile and broken archives: archiver and tar-stream (which go-handoff
// writes with) refuse or repair exactly what these tests need to write,
// such as "../" names, NUL bytes, lying sizes and truncated data.
import * as zlib from 'node:zlib';

export interface RawTarEntry {
  name: string;
  /** The typeflag: '0' file (default), '1' hard link, '2' symlink, '3' char device, '5' directory, 'x' PAX, 'L' GNU long name... */
  type?: string;
  mode?: number;
  data?: Buffer | string;
  linkname?: string;
  /** The size field as written, when it must lie or be malformed (default: the data's length in octal). */
  sizeField?: string;
}

/** One tar entry: its 512-byte header, its data, the padding to 512. */
export function tarEntry(entry: RawTarEntry): Buffer {
  const data = Buffer.from(entry.data ?? '');
  const header = Buffer.alloc(512);
  const field = (text: string, at: number, length: number) => Buffer.from(text, 'latin1').copy(header, at, 0, length);
  Buffer.from(entry.name, 'utf8').copy(header, 0, 0, 100);
  field(octal(entry.mode ?? 0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(entry.sizeField ?? octal(data.length, 12), 124, 12);
  field(octal(0, 12), 136, 12);
  field(entry.type ?? '0', 156, 1);
  if (entry.linkname) field(entry.linkname, 157, 100);
  field('ustar\0' + '00', 257, 8);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(octal(sum, 7) + ' ', 148, 8);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

/** A PAX extended header ('x') whose records apply to the next entry. */
export function paxHeader(records: Record<string, string>): Buffer {
  const body = Object.entries(records)
    .map(([key, value]) => {
      const record = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(record) + 1;
      while (String(length).length + Buffer.byteLength(record) !== length) length++;
      return `${length}${record}`;
    })
    .join('');
  return tarEntry({ name: 'PaxHeader', type: 'x', data: body });
}

/** GNU's long name ('L'): the next entry's name, whatever its header says. */
export function gnuLongName(name: string): Buffer {
  return tarEntry({ name: '././@LongLink', type: 'L', data: `${name}\0` });
}

/** Entries, then the two zero blocks that end a tar archive. */
export function tarArchive(...entries: Buffer[]): Buffer {
  return Buffer.concat([...entries, Buffer.alloc(1024)]);
}

export function gzip(bytes: Buffer): Buffer {
  return zlib.gzipSync(bytes);
}

export interface RawZipEntry {
  /** The name as stored (a Buffer to store bytes that are not UTF-8). */
  name: string | Buffer;
  data?: Buffer | string;
  /** The Unix mode with its file type bits (default: a regular file 0644, or a folder 0755 when the name ends in "/"). */
  mode?: number;
  /** Deflate the data (default: stored). */
  deflate?: boolean;
  /** The uncompressed size the headers declare, when it must lie. */
  declaredSize?: number;
}

/** A zip archive: local headers and data, the central directory, its end record. */
export function zipArchive(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data ?? '');
    const stored = entry.deflate ? zlib.deflateRawSync(data) : data;
    const size = entry.declaredSize ?? data.length;
    const directory = name[name.length - 1] === 0x2f;
    const mode = entry.mode ?? (directory ? 0o040755 : 0o100644);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.deflate ? stored.length : size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.deflate ? stored.length : size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}
