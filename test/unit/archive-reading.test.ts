// Reading archives from anywhere: every corrupt or hostile archive gives one
// ArchiveError naming the archive (and the entry, where there is one), and
// nothing else: no stack trace, no raw errno, no crash, no hang.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ArchiveError } from '../../src/package/archive-error';
import type { ArchiveLimits } from '../../src/package/archive-limits';
import { archiveLimits, DEFAULT_ARCHIVE_LIMITS } from '../../src/package/archive-limits';
import { readArchive } from '../../src/package/read-archive';
import { walkArchive } from '../../src/package/walk-archive';
import { gnuLongName, gzip, paxHeader, type RawZipEntry, tarArchive, tarEntry, zipArchive } from '../helpers/raw-archives';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-archive-reading-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let written = 0;
function archiveOf(bytes: Buffer, extension: string): string {
  const file = path.join(scratch, `${++written}.${extension}`);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Every entry and every byte of it, read as serve and inspect read them. */
async function walk(file: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<string[]> {
  const names: string[] = [];
  for await (const { entry, body } of walkArchive(file, limits)) {
    for await (const _ of body) void _;
    names.push(`${entry.kind} ${entry.name}`);
  }
  return names;
}

async function problemOf(file: string, limits?: ArchiveLimits): Promise<string> {
  try {
    await walk(file, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message.startsWith(`${file}: `)).toBe(true);
    return (error as Error).message.slice(file.length + 2);
  }
  throw new Error(`${file} was read without an error`);
}

const LOADER = '// go-handoff loader\n'.repeat(40);
const goodTar = () => [tarEntry({ name: 'index.js', data: LOADER }), tarEntry({ name: 'handler', data: Buffer.alloc(3000, 7), mode: 0o755 }), tarEntry({ name: 'package.json', data: '{}' })];
const goodZip = (): RawZipEntry[] => [
  { name: 'index.js', data: LOADER, deflate: true },
  { name: 'handler', data: Buffer.alloc(3000, 7), mode: 0o100755, deflate: true },
  { name: 'package.json', data: '{}' },
];

describe('reading good archives', () => {
  it('walks a tar.gz: ustar, PAX and GNU long names, links, and the rest of the gzip after the end', async () => {
    const long = `deep/${'n'.repeat(120)}`;
    const file = archiveOf(
      gzip(
        Buffer.concat([
          tarArchive(
            tarEntry({ name: './', type: '5' }),
            ...goodTar(),
            paxHeader({ path: `pax/${long}` }),
            tarEntry({ name: 'truncated-in-ustar', data: 'x' }),
            gnuLongName(`gnu/${long}`),
            tarEntry({ name: 'cut', data: 'y' }),
            tarEntry({ name: 'link', type: '2', linkname: 'index.js' }),
          ),
          Buffer.alloc(8192), // tar's records are padded with zero blocks
        ]),
      ),
      'tar.gz',
    );
    expect(await walk(file)).toEqual(['directory ./', 'file index.js', 'file handler', 'file package.json', `file pax/${long}`, `file gnu/${long}`, 'symlink link']);
  });

  it("frames each extended header by its own size, not by a PAX size meant for the next entry", async () => {
    const { files } = await readArchive(archiveOf(gzip(tarArchive(paxHeader({ size: '3' }), gnuLongName('long-name'), tarEntry({ name: 'x', data: 'abc' }), tarEntry({ name: 'dir/', type: '5', sizeField: '00000001000\0' }), tarEntry({ name: 'after', data: 'ok' }))), 'tar.gz'));
    expect(files.map((f) => `${f.type} ${f.name} ${f.data.toString()}`)).toEqual(['file long-name abc', 'directory dir ', 'file after ok']);
  });

  it('reads a zip with its modes and contents', async () => {
    const { format, files } = await readArchive(archiveOf(zipArchive([{ name: './' }, ...goodZip(), { name: 'lib/', mode: 0o040755 }, { name: 'ln', data: 'index.js', mode: 0o120777 }]), 'zip'));
    expect(format).toBe('zip');
    expect(files.map((f) => `${f.type} ${f.mode.toString(8)} ${f.name} ${f.data.length}`)).toEqual([
      'file 644 index.js 840',
      'file 755 handler 3000',
      'file 644 package.json 2',
      'directory 755 lib 0',
      'symlink 777 ln 0',
    ]);
  });
});

describe('corrupt archives: one error that names the archive, and the entry', () => {
  const tarBytes = tarArchive(...goodTar());
  const zipBytes = zipArchive(goodZip());
  /** Where the second entry's header starts. */
  const second = goodTar()[0].length;
  const corruptHeader = Buffer.from(tarBytes);
  corruptHeader[second + 1] ^= 0xff; // the name of the second entry, its checksum unchanged
  const ones = Buffer.from(tarBytes);
  ones.fill(0x41, 600, 700); // inside index.js's data: no harm to the tar, but the zip's CRC would see it

  it.each<[string, Buffer, string, RegExp]>([
    ['an empty file', Buffer.alloc(0), 'zip', /^neither a zip nor a tar\.gz archive: it is an empty file$/],
    ['a text file', Buffer.from('API_KEY=sk_live_123\n'), 'zip', /^neither a zip nor a tar\.gz archive: it is text$/],
    ['a truncated zip', zipBytes.subarray(0, zipBytes.length - 30), 'zip', /^it is truncated, or not a zip archive/],
    ['a zip cut in its data', Buffer.concat([zipBytes.subarray(0, 40), zipBytes.subarray(zipBytes.length - 200)]), 'zip', /corrupt/],
    ['a truncated gzip', gzip(tarBytes).subarray(0, 60), 'tar.gz', /^its gzip stream ends too soon, .*: it is truncated$/],
    ['a bad gzip', Buffer.concat([gzip(tarBytes).subarray(0, 12), Buffer.alloc(64, 0x41)]), 'tar.gz', /^its gzip stream is corrupt, before its first entry \(/],
    ['a gzip of no tar', gzip(Buffer.from('just text, no tar at all\n'.repeat(40))), 'tar.gz', /^the tar header before its first entry is corrupt \(its checksum does not match\): the gzip stream does not hold a tar archive$/],
    ['a tar truncated inside a valid gzip, in an entry', gzip(tarBytes.subarray(0, second + 512 + 100)), 'tar.gz', /^the archive ends in the middle of entry "handler" \(100 of its 3000 bytes are there\): it is truncated$/],
    ['a tar truncated inside a valid gzip, in a header', gzip(tarBytes.subarray(0, second + 200)), 'tar.gz', /^the archive ends in the middle of a tar header after entry "index\.js": it is truncated$/],
    ['a tar without its end marker', gzip(tarBytes.subarray(0, tarBytes.length - 1024)), 'tar.gz', /^the archive ends after entry "package\.json" without tar's end marker: it is truncated$/],
    ['a corrupt tar header', gzip(corruptHeader), 'tar.gz', /^the tar header after entry "index\.js" is corrupt \(its checksum does not match\)$/],
    ['a bad declared size', gzip(tarArchive(...goodTar(), tarEntry({ name: 'liar', data: 'x', sizeField: '12x4\0' }))), 'tar.gz', /^entry "liar" declares its size as "12x4", which is not a number tar writes: the archive is corrupt$/],
    ['a negative size', gzip(tarArchive(tarEntry({ name: 'neg', sizeField: '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff' }))), 'tar.gz', /^entry "neg" declares its size as .*not a number tar writes/],
    ['a PAX size that is not a number', gzip(tarArchive(paxHeader({ size: '1e9' }), tarEntry({ name: 'pax-liar', data: 'x' }))), 'tar.gz', /^entry "pax-liar" declares its size as "1e9" in its PAX header, which is not a number/],
    ['a malformed PAX header', gzip(tarArchive(tarEntry({ name: 'PaxHeader', type: 'x', data: '99 path=x\n' }), tarEntry({ name: 'x' }))), 'tar.gz', /^the PAX extended header before its first entry is malformed: the archive is corrupt$/],
    ['a size larger than what follows', gzip(tarArchive(tarEntry({ name: 'huge', data: 'x', sizeField: '77777777\0' }))), 'tar.gz', /^the archive ends in the middle of entry "huge"/],
    ['a zip entry longer than it declares', zipArchive([...goodZip(), { name: 'liar', data: 'hello, world', deflate: true, declaredSize: 3 }]), 'zip', /^entry "liar" holds more than the 3 bytes it declares: the archive is corrupt$/],
    ['a zip entry shorter than it declares', zipArchive([...goodZip(), { name: 'liar', data: 'hello', deflate: true, declaredSize: 9 }]), 'zip', /^entry "liar" holds 5 bytes, fewer than the 9 it declares: the archive is corrupt$/],
    ['a zip entry that fails its checksum', zipArchive([...goodZip(), { name: 'liar', data: 'hello', declaredSize: 3 }]), 'zip', /^entry "liar" does not match its checksum \(CRC-32\): the archive is corrupt$/],
  ])('%s', async (_what, bytes, extension, problem) => {
    expect(await problemOf(archiveOf(bytes, extension))).toMatch(problem);
  });

  it('reads a tar whose data holds anything (tar has no checksum of its data)', async () => {
    expect(await walk(archiveOf(gzip(ones), 'tar.gz'))).toHaveLength(3);
  });
});

describe('limits', () => {
  const big = Buffer.alloc(5000, 1);

  it.each<[string, Buffer, string, Partial<ArchiveLimits>, RegExp]>([
    ['a tar.gz past the bytes', gzip(tarArchive(...goodTar(), tarEntry({ name: 'big', data: big }))), 'tar.gz', { maxBytes: 8000 }, /^it unpacks to more than 8 KiB \(passed at entry "big"\), the limit go-handoff reads \(GO_HANDOFF_ARCHIVE_MAX_BYTES, 8000 bytes\): .*likely an archive bomb; if it is not, raise GO_HANDOFF_ARCHIVE_MAX_BYTES$/],
    ['a tar.gz past the bytes after its end marker', gzip(Buffer.concat([tarArchive(...goodTar()), Buffer.alloc(100_000)])), 'tar.gz', { maxBytes: 20_000 }, /\(passed after tar's end marker\)/],
    ['a zip past the bytes, by what it declares', zipArchive([...goodZip(), { name: 'big', data: big, deflate: true }]), 'zip', { maxBytes: 5000 }, /\(passed at entry "big", which declares 5000 bytes\)/],
    ['a tar.gz past the entries', gzip(tarArchive(...goodTar())), 'tar.gz', { maxEntries: 2 }, /^it holds more than 2 entries \(passed after entry "handler"\), the limit go-handoff reads \(GO_HANDOFF_ARCHIVE_MAX_ENTRIES\)/],
    ['a zip past the entries', zipArchive(goodZip()), 'zip', { maxEntries: 2 }, /^it holds more than 2 entries \(its directory lists 3\), the limit/],
  ])('%s', async (_what, bytes, extension, limits, problem) => {
    expect(await problemOf(archiveOf(bytes, extension), { ...DEFAULT_ARCHIVE_LIMITS, ...limits })).toMatch(problem);
  });

  it('reads its settings, and refuses settings that are not positive whole numbers', () => {
    expect(archiveLimits({})).toEqual({ maxBytes: 512 * 1024 * 1024, maxEntries: 65_535 });
    expect(archiveLimits({ GO_HANDOFF_ARCHIVE_MAX_BYTES: '1048576', GO_HANDOFF_ARCHIVE_MAX_ENTRIES: '10' })).toEqual({ maxBytes: 1_048_576, maxEntries: 10 });
    expect(() => archiveLimits({ GO_HANDOFF_ARCHIVE_MAX_BYTES: '1e9' })).toThrow('GO_HANDOFF_ARCHIVE_MAX_BYTES="1e9" is not a positive whole number of bytes');
    expect(() => archiveLimits({ GO_HANDOFF_ARCHIVE_MAX_ENTRIES: '0' })).toThrow('GO_HANDOFF_ARCHIVE_MAX_ENTRIES="0" is not a positive whole number of entries');
  });
});

describe('corrupt archives, fuzzed', () => {
  const pick = (n: number) => Math.floor(Math.random() * n);
  /** A byte changed, a run overwritten, the end cut off, or a slice moved. */
  function mutate(bytes: Buffer): Buffer {
    const out = Buffer.from(bytes);
    switch (pick(4)) {
      case 0:
        for (let i = 0; i < 1 + pick(4); i++) out[pick(out.length)] = pick(256);
        return out;
      case 1:
        out.fill(pick(256), pick(out.length), pick(out.length));
        return out;
      case 2:
        return out.subarray(0, pick(out.length));
      default: {
        const at = pick(out.length);
        return Buffer.concat([out.subarray(at), out.subarray(0, at)]);
      }
    }
  }

  it.each([
    ['tar.gz', () => gzip(tarArchive(...goodTar(), paxHeader({ path: 'pax-name' }), tarEntry({ name: 'x', data: 'y' })))],
    ['tar in a gzip that is left alone', () => tarArchive(...goodTar(), gnuLongName('g'.repeat(200)), tarEntry({ name: 'x', data: 'y' }))],
    ['zip', () => zipArchive(goodZip())],
  ])('%s: every mutation reads whole, or gives one ArchiveError', async (kind, make) => {
    const original = make();
    for (let round = 0; round < 300; round++) {
      // The tar's own bytes mutated, then gzipped: a valid gzip around a broken tar.
      const bytes = kind.startsWith('tar in') ? gzip(mutate(original)) : mutate(original);
      const file = archiveOf(bytes, kind === 'zip' ? 'zip' : 'tar.gz');
      try {
        await walk(file, { maxBytes: 1024 * 1024, maxEntries: 100 });
      } catch (error) {
        if (!(error instanceof ArchiveError)) throw new Error(`round ${round}: ${(error as Error).stack}`);
        expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`));
      }
      fs.rmSync(file);
    }
  });
});
