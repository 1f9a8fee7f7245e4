// Writes archive entries as a zip or a tar.gz that is byte-identical for the
// same entries: fixed order (archive-entries.ts), fixed dates, fixed
// compression, no extra metadata. In a tar, owner 0:0 with no user or group
// names (tar-stream's defaults), and a gzip header without a timestamp (Node's
// zlib writes none).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TarArchive, ZipArchive } from 'archiver';

import type { ArchiveEntry } from './archive-entries';
import type { ArchiveFormat } from './archive-format';

/** The earliest date a zip can hold (DOS time), used for every entry of either format. */
export const FIXED_DATE = new Date('1980-01-01T00:00:00Z');

export async function writeArchive(entries: ArchiveEntry[], output: string, format: ArchiveFormat): Promise<void> {
  const partial = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.partial`);
  const out = fs.createWriteStream(partial);
  const archive = format === 'zip' ? new ZipArchive({ zlib: { level: 9 } }) : new TarArchive({ gzip: true, gzipOptions: { level: 9 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  archive.pipe(out);
  for (const entry of entries) {
    const { source } = entry;
    const data = 'file' in source ? fs.readFileSync(source.file) : typeof source.data === 'string' ? Buffer.from(source.data) : Buffer.from(source.data);
    archive.append(data, { name: entry.name, date: FIXED_DATE, mode: entry.mode });
  }
  try {
    await archive.finalize();
    await done;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  // Readers never see a half-written archive.
  fs.renameSync(partial, output);
}
