// Makes broken archives from good ones, for the tests of `inspect`.
import { type ArchiveFormat } from '../../src/package/archive-format';
import { writeArchive } from '../../src/package/archive-writer';
import { type ArchiveFile, readArchive } from '../../src/package/read-archive';

export async function rewriteArchive(from: string, to: string, edit: (files: ArchiveFile[]) => ArchiveFile[], format: ArchiveFormat = 'zip'): Promise<void> {
  const { files } = await readArchive(from);
  const entries = edit(files).map((file) => ({ name: file.name, mode: file.mode, source: { data: file.data } }));
  await writeArchive(entries, to, format);
}
