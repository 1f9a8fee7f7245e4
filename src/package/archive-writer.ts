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
  if (format === 'dir') {
    writeFolder(entries, output);
    return;
  }
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

/**
 * The entries as files in a folder that holds nothing else: the folder is
 * written beside the old one and swapped in, so a reader (a running emulator
 * watching the project) never sees half of it, and files of an older build
 * (a binary under another name) do not linger.
 */
function writeFolder(entries: ArchiveEntry[], output: string): void {
  const partial = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.partial`);
  const old = `${partial}.old`;
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    for (const entry of entries) {
      const target = path.join(partial, ...entry.name.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const { source } = entry;
      if ('file' in source) fs.copyFileSync(source.file, target);
      else fs.writeFileSync(target, source.data);
      fs.chmodSync(target, entry.mode);
    }
    if (fs.existsSync(output)) {
      refuseForeignFolder(output);
      fs.renameSync(output, old);
    }
    fs.renameSync(partial, output);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
}

/** Only a folder an earlier --format dir wrote (or an empty one) is replaced: never the user's own. */
function refuseForeignFolder(output: string): void {
  if (!fs.statSync(output).isDirectory()) throw new Error(`${output} exists and is not a folder: --format dir writes a folder there; remove it or name another`);
  if (fs.readdirSync(output).length === 0) return;
  let manifest: { goHandoff?: unknown } | undefined;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(output, 'package.json'), 'utf8'));
  } catch {
    // no package.json, or not ours: refused below
  }
  if (!manifest?.goHandoff) {
    throw new Error(`${output} holds files that go-handoff did not write (no package.json with a goHandoff section): --format dir replaces the whole folder, so it writes only into a new folder, an empty one, or one it wrote before`);
  }
}
