// Which archive format to write, from --format and the output's name. Pure.

/**
 * `dir`: the archive's contents as a folder, for a host that takes the
 * function as part of a project of its own (Firebase's functions/ folder,
 * where index.js requires it) rather than as an upload.
 */
export type ArchiveFormat = 'zip' | 'tar.gz' | 'dir';

export const ARCHIVE_FORMATS: readonly ArchiveFormat[] = ['zip', 'tar.gz', 'dir'];

export function formatOfName(file: string): ArchiveFormat | undefined {
  if (/\.zip$/i.test(file)) return 'zip';
  if (/\.(tar\.gz|tgz)$/i.test(file)) return 'tar.gz';
  return undefined;
}

/**
 * The format and file name of the archive to write. An explicit format wins
 * over the name's extension, but the two may not contradict each other; with
 * neither, a zip. Returns an error message for the contradiction.
 */
export function chooseArchive(output: string | undefined, format: string | undefined, base = 'function'): { format: ArchiveFormat; output: string } | { error: string } {
  if (format !== undefined && !(ARCHIVE_FORMATS as readonly string[]).includes(format)) {
    return { error: `--format must be zip, tar.gz or dir, not ${JSON.stringify(format)}` };
  }
  const chosen = format as ArchiveFormat | undefined;
  if (output === undefined) {
    const f = chosen ?? 'zip';
    return { format: f, output: f === 'dir' ? base : `${base}.${f}` };
  }
  const named = formatOfName(output);
  if (chosen === 'dir' && named) {
    return { error: `--format dir writes a folder, and ${output} is an archive's name: name the folder without .${named}` };
  }
  if (chosen && named && chosen !== named) {
    return { error: `--format ${chosen} does not match the output's name ${output}: name it .${chosen === 'zip' ? 'zip' : 'tar.gz'} or leave out one of the two` };
  }
  return { format: chosen ?? named ?? 'zip', output };
}
