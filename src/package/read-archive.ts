// Reads a function archive, zip or tar.gz, into memory (they are a few MiB),
// with each entry's Unix mode: what `inspect` checks and `serve` unpacks.
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

import * as tar from 'tar-stream';
import yauzl from 'yauzl';

import type { ArchiveFormat } from './archive-format';

export interface ArchiveFile {
  /** Path inside the archive, forward slashes, without a trailing slash. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  /** Unix permission bits (0o777). */
  mode: number;
  data: Buffer;
}

export interface ArchiveContents {
  format: ArchiveFormat;
  files: ArchiveFile[];
}

/** The format from the first bytes, or undefined when it is neither. */
export function sniffFormat(head: Uint8Array): ArchiveFormat | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  return undefined;
}

export async function readArchive(file: string): Promise<ArchiveContents> {
  if (!fs.existsSync(file)) throw new Error(`the archive ${file} does not exist`);
  if (!fs.statSync(file).isFile()) throw new Error(`${file} is not a file: give a function archive (.zip or .tar.gz)`);
  const bytes = fs.readFileSync(file);
  const format = sniffFormat(bytes);
  if (!format) throw new Error(`${file} is neither a zip nor a tar.gz archive (it starts with ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))})`);
  const files = format === 'zip' ? await readZip(bytes, file) : await readTarGz(bytes, file);
  return { format, files };
}

const S_IFMT = 0o170000;
const TYPES: Record<number, ArchiveFile['type']> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'symlink' };

async function readZip(bytes: Buffer, file: string): Promise<ArchiveFile[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, strictFileNames: false }, (error, opened) => (error ? reject(error) : resolve(opened!))),
  );
  const files: ArchiveFile[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (error: Error) => reject(new Error(`${file}: ${error.message}`)));
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const unixMode = entry.externalFileAttributes >>> 16;
      const isDir = entry.fileName.endsWith('/');
      // Zips made on Windows hold no Unix mode: a file then reads as 0644.
      const type = isDir ? 'directory' : unixMode === 0 ? 'file' : (TYPES[unixMode & S_IFMT] ?? 'other');
      const mode = unixMode & 0o777 || (isDir ? 0o755 : 0o644);
      const name = entry.fileName.replace(/\/$/, '');
      if (isDir) {
        files.push({ name, type, mode, data: Buffer.alloc(0) });
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream!.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream!.on('error', reject);
        stream!.on('end', () => {
          files.push({ name, type, mode, data: Buffer.concat(chunks) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return files;
}

async function readTarGz(bytes: Buffer, file: string): Promise<ArchiveFile[]> {
  let tarBytes: Buffer;
  try {
    tarBytes = zlib.gunzipSync(bytes);
  } catch (error) {
    throw new Error(`${file}: not a valid gzip stream (${(error as Error).message})`);
  }
  const extract = tar.extract();
  const files: ArchiveFile[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        const type = header.type === 'file' || header.type === 'contiguous-file' ? 'file' : header.type === 'directory' ? 'directory' : header.type === 'symlink' ? 'symlink' : 'other';
        files.push({ name: header.name.replace(/^\.\//, '').replace(/\/$/, ''), type, mode: (header.mode ?? 0o644) & 0o777, data: Buffer.concat(chunks) });
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', (error: Error) => reject(new Error(`${file}: ${error.message}`)));
  });
  Readable.from([tarBytes]).pipe(extract);
  await done;
  return files.filter((f) => f.name !== '' && f.name !== '.');
}
