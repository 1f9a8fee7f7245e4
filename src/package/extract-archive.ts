// Unpacks a function archive (zip or tar.gz) the way a host does, keeping
// Unix modes (the Go binary's executable bit) and refusing entries that would
// land outside the folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { readArchive } from './read-archive';

/** Unpacks archive into dir; returns the entries' names. */
export async function extractArchive(archive: string, dir: string): Promise<string[]> {
  const { files } = await readArchive(archive);
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  for (const file of files) {
    const target = path.resolve(root, file.name);
    if (!target.startsWith(root + path.sep)) throw new Error(`${archive}: entry ${file.name} would be written outside ${dir}`);
    if (file.type === 'directory') {
      fs.mkdirSync(target, { recursive: true });
    } else if (file.type === 'file') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.data, { mode: file.mode });
      fs.chmodSync(target, file.mode); // the umask may have trimmed it
    }
    // Links and devices have no place in a function archive: left out.
  }
  return files.map((file) => (file.type === 'directory' ? `${file.name}/` : file.name));
}
