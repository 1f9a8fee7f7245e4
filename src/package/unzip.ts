// Unpacks a zip the way a host does, keeping Unix modes (the Go binary's
// executable bit) and refusing entries that would land outside the folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

import yauzl from 'yauzl';

export async function unzip(zipFile: string, dir: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true, strictFileNames: true }, (error, opened) => (error ? reject(error) : resolve(opened!))),
  );
  const names: string[] = [];
  fs.mkdirSync(dir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const target = path.resolve(dir, entry.fileName);
      if (!target.startsWith(path.resolve(dir) + path.sep)) {
        reject(new Error(`${zipFile}: entry ${entry.fileName} would be written outside ${dir}`));
        return;
      }
      names.push(entry.fileName);
      if (entry.fileName.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const mode = (entry.externalFileAttributes >>> 16) & 0o777 || 0o644;
        const out = fs.createWriteStream(target, { mode });
        stream!.pipe(out);
        out.on('error', reject);
        out.on('close', () => {
          fs.chmodSync(target, mode); // the umask may have trimmed it
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return names;
}
