// Unpacking as serve does: what the rules leave out stays out, what they
// refuse stops the unpacking with a message naming the archive and the
// entry (never Node.js's ERR_INVALID_ARG_VALUE, EISDIR or EEXIST), and
// nothing lands outside the folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ArchiveError } from '../../src/package/archive-error';
import { extractArchive } from '../../src/package/extract-archive';
import { gnuLongName, gzip, paxHeader, type RawZipEntry, tarArchive, tarEntry, zipArchive } from '../helpers/raw-archives';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-extract-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let made = 0;
/** A fresh folder inside scratch/N, with scratch/N itself holding the archive: what lands beside the folder is outside. */
function place(bytes: Buffer, extension: string): { archive: string; dir: string; outside: string } {
  const outside = path.join(scratch, String(++made));
  fs.mkdirSync(outside);
  const archive = path.join(outside, `archive.${extension}`);
  fs.writeFileSync(archive, bytes);
  return { archive, dir: path.join(outside, 'unpacked'), outside };
}

const good = [tarEntry({ name: 'index.js', data: 'loader' }), tarEntry({ name: 'handler', data: 'binary', mode: 0o755 })];
const goodZip: RawZipEntry[] = [{ name: 'index.js', data: 'loader', deflate: true }, { name: 'handler', data: 'binary', mode: 0o100755 }];

describe('extractArchive', () => {
  it("unpacks files and folders with their modes, skips tar's ./, and leaves links and devices out, saying so", async () => {
    const { archive, dir } = place(
      gzip(tarArchive(tarEntry({ name: './', type: '5', mode: 0o755 }), ...good, tarEntry({ name: 'lib/', type: '5', mode: 0o755 }), tarEntry({ name: 'lib/a.txt', data: 'a' }), tarEntry({ name: 'ln', type: '2', linkname: '/etc/passwd' }), tarEntry({ name: 'hard', type: '1', linkname: 'index.js' }), tarEntry({ name: 'null', type: '3' }))),
      'tar.gz',
    );
    const dropped: string[] = [];
    const unpacked = await extractArchive(archive, dir, { onDropped: (name, reason) => dropped.push(`${name}: ${reason.split(':')[0]}`) });
    expect(unpacked).toEqual(['index.js', 'handler', 'lib/', 'lib/a.txt']);
    expect(fs.readdirSync(dir).sort()).toEqual(['handler', 'index.js', 'lib']);
    expect(fs.statSync(path.join(dir, 'handler')).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(path.join(dir, 'lib', 'a.txt'), 'utf8')).toBe('a');
    expect(dropped).toEqual(['ln: a symbolic link to "/etc/passwd"', 'hard: a hard link to "index.js"', 'null: a device file']);
  });

  it('unpacks a zip whose first entry is "./"', async () => {
    const { archive, dir } = place(zipArchive([{ name: './' }, ...goodZip]), 'zip');
    expect(await extractArchive(archive, dir)).toEqual(['index.js', 'handler']);
  });

  it.each<[string, Buffer, string, RegExp]>([
    ['../ in a tar', gzip(tarArchive(...good, tarEntry({ name: '../evil', data: 'x' }))), 'tar.gz', /entry "\.\.\/evil": its name climbs out of the folder with "\.\."/],
    ['an absolute name', gzip(tarArchive(...good, tarEntry({ name: '/tmp/evil', data: 'x' }))), 'tar.gz', /entry "\/tmp\/evil": its name is an absolute path/],
    ['a PAX name that climbs out', gzip(tarArchive(...good, paxHeader({ path: '../evil' }), tarEntry({ name: 'innocent', data: 'x' }))), 'tar.gz', /entry "\.\.\/evil": its name climbs out/],
    ['a GNU long name that climbs out', gzip(tarArchive(...good, gnuLongName(`../${'e'.repeat(120)}`), tarEntry({ name: 'innocent', data: 'x' }))), 'tar.gz', /entry "\.\.\/e+": its name climbs out/],
    ['..\\ in a zip', zipArchive([...goodZip, { name: '..\\evil', data: 'x' }]), 'zip', /entry "\.\.\/evil": its name climbs out/],
    ['a NUL in a tar name', gzip(tarArchive(...good, paxHeader({ path: 'a\0b' }), tarEntry({ name: 'x', data: 'x' }))), 'tar.gz', /entry "a\0b": its name holds a NUL byte/],
    ['a NUL in a zip name', zipArchive([...goodZip, { name: Buffer.from('a\0b'), data: 'x' }]), 'zip', /entry "a\0b": its name holds a NUL byte/],
    ['a file where a folder must be', gzip(tarArchive(...good, tarEntry({ name: 'handler/x', data: 'x' }))), 'tar.gz', /entry "handler\/x": a file where a folder must be: it lies inside "handler"/],
    ['a folder where a file must be', zipArchive([{ name: 'sub/' }, { name: 'sub', data: 'x' }, ...goodZip]), 'zip', /entry "sub": a folder where a file must be/],
    ['a file through a link', gzip(tarArchive(tarEntry({ name: 'lib', type: '2', linkname: '/etc' }), tarEntry({ name: 'lib/passwd', data: 'x' }))), 'tar.gz', /entry "lib\/passwd": it lies inside "lib", which the archive makes a link/],
    ['a name twice', gzip(tarArchive(...good, tarEntry({ name: 'handler', data: '#!/bin/sh\necho evil\n', mode: 0o755 }))), 'tar.gz', /entry "handler": it appears twice in the archive/],
    ['a file named "."', zipArchive([...goodZip, { name: '.', data: 'x', mode: 0o100644 }]), 'zip', /entry "\.": it names the folder the archive unpacks into, not a file in it/],
    ['a folder that holds data', zipArchive([...goodZip, { name: 'lib/', data: 'x' }]), 'zip', /entry "lib\/" is a folder, yet declares 1 bytes of content: the archive is corrupt/],
  ])('refuses %s, naming the archive and the entry, and writes nothing outside', async (_what, bytes, extension, problem) => {
    const { archive, dir, outside } = place(bytes, extension);
    const error = await extractArchive(archive, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message.startsWith(`${archive}: `)).toBe(true);
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).not.toMatch(/ERR_INVALID_ARG_VALUE|EISDIR|EEXIST|ENOTDIR/);
    expect(fs.readdirSync(outside).sort()).toEqual([`archive.${extension}`, 'unpacked']);
  });

  it('does not follow a link the folder already held', async () => {
    const { archive, dir, outside } = place(gzip(tarArchive(...good)), 'tar.gz');
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(outside, 'victim'), path.join(dir, 'handler'));
    await expect(extractArchive(archive, dir)).rejects.toThrow(/entry "handler" could not be written to .*handler \(ELOOP\)/);
    expect(fs.existsSync(path.join(outside, 'victim'))).toBe(false);
  });
});
