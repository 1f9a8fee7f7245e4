// Archives from anywhere, through the CLI: inspect and serve read them by
// the same rules (src/package/archive-rules.ts), give one clear error for a
// corrupt one, leave no temporary folder behind, and never hold a bomb in
// memory. The archives are written byte by byte (test/helpers/raw-archives.ts)
// from the entries of the hello archive.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { readArchive } from '../../src/package/read-archive';
import { archivePath, repoRoot } from '../helpers/archives';
import { killGroups, runCli, startCli } from '../helpers/cli';
import { HostProcess } from '../helpers/host-process';
import { freePort } from '../helpers/ports';
import { gnuLongName, gzip, paxHeader, type RawZipEntry, tarArchive, tarEntry, zipArchive } from '../helpers/raw-archives';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-hostile-'));
afterEach(killGroups);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The hello archive's entries, as tar entries and as zip entries. */
let tarEntries: Buffer[];
let zipEntries: RawZipEntry[];
beforeAll(async () => {
  const { files } = await readArchive(archivePath('hello'));
  tarEntries = files.map((f) => tarEntry({ name: f.name, data: f.data, mode: f.mode }));
  zipEntries = files.map((f) => ({ name: f.name, data: f.data, mode: 0o100000 | f.mode, deflate: true }));
});

/** An offset 1,000 bytes into the data of the largest tar entry (the Go binary), wherever the entries before it end. */
function insideLargestEntry(): number {
  const largest = tarEntries.reduce((best, entry, i) => (entry.length > tarEntries[best].length ? i : best), 0);
  return tarEntries.slice(0, largest).reduce((sum, entry) => sum + entry.length, 0) + 512 + 1000;
}

function write(name: string, bytes: Buffer): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** serve with its temporary folders in a TMPDIR of its own, to see what it leaves there. */
function serveIn(archive: string, env: NodeJS.ProcessEnv = {}) {
  const tmp = fs.mkdtempSync(path.join(scratch, 'tmp-'));
  return { tmp, result: runCli(['serve', archive, '--port', '1'], { env: { TMPDIR: tmp, ...env } }) };
}

/** The one line a failed command prints: no stack trace, nothing of Node.js's. */
function expectOneLine(stderr: string, archive: string, problem: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0].startsWith(`go-handoff: ${archive}: `), stderr).toBe(true);
  expect(lines[0]).toMatch(problem);
}

describe('a corrupt archive: one error naming it, for inspect and serve, and no temporary folder left', () => {
  it.each([
    ['a tar truncated inside a valid gzip', () => write('truncated-tar.tar.gz', gzip(Buffer.concat(tarEntries).subarray(0, insideLargestEntry()))), /the archive ends in the middle of entry "\S+" \(\d+ of its \d+ bytes are there\): it is truncated$/],
    ['a truncated gzip', () => write('truncated.tar.gz', gzip(tarArchive(...tarEntries)).subarray(0, 100_000)), /its gzip stream ends too soon, in entry "\S+": it is truncated$/],
    ['a bad gzip', () => write('bad-gzip.tar.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(200, 0x41)])), /its gzip stream is corrupt, before its first entry/],
    ['a truncated zip', () => { const zip = zipArchive(zipEntries); return write('truncated.zip', zip.subarray(0, zip.length - 300)); }, /it is truncated, or not a zip archive/],
    ['a bad declared size', () => write('bad-size.tar.gz', gzip(tarArchive(...tarEntries.slice(0, 2), tarEntry({ name: 'liar', data: 'x', sizeField: '0000000001x\0' })))), /entry "liar" declares its size as "0000000001x", which is not a number tar writes: the archive is corrupt$/],
  ])('%s', (_what, make, problem) => {
    const archive = make();
    const inspected = runCli(['inspect', archive]);
    expect(inspected.status).toBe(1);
    expectOneLine(inspected.stderr, archive, problem);
    const { tmp, result } = serveIn(archive);
    expect(result.status).toBe(1);
    expectOneLine(result.stderr, archive, problem);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

describe('inspect applies serve\'s rules', () => {
  it('reports every entry serve would refuse or leave out, and says the archive would not run', () => {
    const archive = write(
      'traversal.tar.gz',
      gzip(
        tarArchive(
          ...tarEntries,
          tarEntry({ name: '../evil', data: 'x' }),
          tarEntry({ name: '/etc/cron.d/evil', data: 'x' }),
          paxHeader({ path: '../pax-evil' }),
          tarEntry({ name: 'innocent', data: 'x' }),
          gnuLongName(`../${'g'.repeat(120)}`),
          tarEntry({ name: 'innocent-too', data: 'x' }),
          tarEntry({ name: 'link', type: '2', linkname: '/etc/passwd' }),
          tarEntry({ name: 'hard', type: '1', linkname: 'index.js' }),
          tarEntry({ name: 'null', type: '3' }),
        ),
      ),
    );
    const result = runCli(['inspect', archive]);
    expect(result.status).toBe(1);
    for (const refused of ['../evil', '../pax-evil', `../${'g'.repeat(120)}`]) {
      expect(result.stdout).toContain(`✗ ${refused}: its name climbs out of the folder with ".."`);
    }
    expect(result.stdout).toContain('✗ /etc/cron.d/evil: its name is an absolute path');
    expect(result.stdout).toMatch(/! link: a symbolic link to "\/etc\/passwd": serve leaves it out/);
    expect(result.stdout).toMatch(/! hard: a hard link to "index\.js": serve leaves it out/);
    expect(result.stdout).toMatch(/! null: a device file: serve leaves it out/);
    expect(result.stderr).toMatch(/would not run:\n {2}- \.\.\/evil: its name climbs out/);
    // serve: refused at the first of them.
    const { tmp, result: served } = serveIn(archive);
    expect(served.status).toBe(1);
    expectOneLine(served.stderr, archive, /entry "\.\.\/evil": its name climbs out of the folder/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('reports a name twice, and serve refuses the archive', () => {
    const archive = write('duplicate.tar.gz', gzip(tarArchive(...tarEntries, tarEntry({ name: './handler', data: '#!/bin/sh\necho replaced\n', mode: 0o755 }))));
    const result = runCli(['inspect', archive]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ handler: it appears twice in the archive: hosts keep one or the other/);
    const { result: served } = serveIn(archive);
    expect(served.status).toBe(1);
    expectOneLine(served.stderr, archive, /entry "\.\/handler": it appears twice in the archive/);
  });

  it.each([
    ['a file where a folder must be', () => gzip(tarArchive(...tarEntries, tarEntry({ name: 'handler/x', data: 'x' }))), 'tar.gz', /entry "handler\/x": a file where a folder must be: it lies inside "handler"/],
    ['a folder where a file must be', () => zipArchive([{ name: 'handler/' }, ...zipEntries]), 'zip', /entry "handler": a folder where a file must be: the archive makes it a file, but an earlier entry makes it a folder/],
    ['a NUL in a name', () => gzip(tarArchive(...tarEntries, paxHeader({ path: 'nul\0name' }), tarEntry({ name: 'x', data: 'x' }))), 'tar.gz', /entry "nul\\x00name": its name holds a NUL byte/],
  ])('refuses %s, in words', (what, make, extension, problem) => {
    const archive = write(`${what.replace(/\W+/g, '-')}.${extension}`, make());
    const inspected = runCli(['inspect', archive]);
    expect(inspected.status).toBe(1);
    expect(inspected.stdout).toMatch(/✗ /);
    const { tmp, result } = serveIn(archive);
    expect(result.status).toBe(1);
    expectOneLine(result.stderr, archive, problem);
    expect(result.stderr).not.toMatch(/ERR_INVALID_ARG_VALUE|EISDIR|EEXIST|ENOTDIR/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('prints every name with its control characters escaped: an archive cannot write to the terminal or forge a line', () => {
    const forged = '\x1b[2J\x1b[H\r  ✓ handler: verified\x1b[0m\u202e';
    const archive = write('escapes.tar.gz', gzip(tarArchive(...tarEntries, tarEntry({ name: forged, data: 'x' }), tarEntry({ name: 'ln', type: '2', linkname: '\x1b]0;title\x07' }))));
    const result = runCli(['inspect', archive]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e]/);
    expect(result.stdout).toContain('\\x1b[2J\\x1b[H\\x0d  ✓ handler: verified\\x1b[0m\\u202e');
    expect(result.stdout).toContain('ln -> \\x1b]0;title\\x07');
    expect(result.stdout).not.toMatch(/^ {2}✓ handler: verified/m);
  });

  it("serves an archive whose first entry is tar's ./, and one with a link, which it leaves out and says so", async () => {
    const archive = write('dot-and-link.tar.gz', gzip(tarArchive(tarEntry({ name: './', type: '5', mode: 0o755 }), ...tarEntries, tarEntry({ name: './ln', type: '2', linkname: '/etc/passwd' }))));
    expect(runCli(['inspect', archive]).status).toBe(0);
    const port = await freePort();
    const cli = new HostProcess(startCli(['serve', archive, '--port', String(port)]), port);
    await cli.output(`at http://localhost:${port}/execute`, 'stdout', 60_000);
    expect(await (await fetch(cli.url('/execute'))).text()).toBe('Hello from Go! You asked for /execute.\n');
    expect(cli.stderr).toMatch(/go-handoff: left ln out of the unpacked archive: a symbolic link to "\/etc\/passwd"/);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });
});

describe('bombs', () => {
  const MIB = 1024 * 1024;
  /** The cases: a 3 MB zip that unpacks to 300 MiB, a 299 KiB tar.gz that unpacks to 300 MiB. */
  let zipBomb: string;
  let tarBomb: string;
  beforeAll(async () => {
    const block = Buffer.alloc(3 * MIB);
    for (let i = 0; i < block.length; i += 4096) block.writeUInt32LE(i, i);
    const padding = Array.from({ length: 100 }, (_, i): RawZipEntry => ({ name: `padding/${String(i).padStart(3, '0')}`, data: block, deflate: true }));
    zipBomb = write('bomb.zip', zipArchive([...zipEntries, ...padding]));
    tarBomb = path.join(scratch, 'bomb.tar.gz');
    const header = tarEntry({ name: 'zeros', sizeField: `${(300 * MIB).toString(8).padStart(11, '0')}\0` });
    await pipeline(
      (async function* () {
        yield header;
        for (let i = 0; i < 300; i++) yield Buffer.alloc(MIB);
        yield Buffer.alloc(1024);
      })(),
      zlib.createGzip({ level: 9 }),
      fs.createWriteStream(tarBomb),
    );
  }, 120_000);

  it.each([
    ['the zip', () => zipBomb],
    ['the tar.gz', () => tarBomb],
  ])('inspect reads %s without holding it: its peak memory stays far below the 300 MiB it unpacks to', (_what, file) => {
    const result = runCli(['inspect', file()], { env: { NODE_OPTIONS: `--require ${path.join(repoRoot, 'test', 'helpers', 'report-max-rss.cjs')}` } });
    const peak = Number(/max-rss-kib (\d+)/.exec(result.stderr)?.[1]) * 1024;
    expect(peak, result.stderr).toBeGreaterThan(0);
    // Before it streamed: 693 MB for the zip, 992 MB for the tar.gz. Node.js alone takes about 45 MB.
    expect(peak).toBeLessThan(200 * MIB);
  });

  it.each([
    ['the zip', () => zipBomb, /it unpacks to more than 100\.0 MiB \(passed at entry "padding\/\d+", which declares 3145728 bytes\)/],
    ['the tar.gz', () => tarBomb, /it unpacks to more than 100\.0 MiB \(passed at entry "zeros"\)/],
  ])('serve refuses %s past GO_HANDOFF_ARCHIVE_MAX_BYTES, and leaves nothing behind', (_what, file, problem) => {
    const { tmp, result } = serveIn(file(), { GO_HANDOFF_ARCHIVE_MAX_BYTES: String(100 * MIB) });
    expect(result.status).toBe(1);
    expectOneLine(result.stderr, file(), problem);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('inspect refuses an archive with more entries than GO_HANDOFF_ARCHIVE_MAX_ENTRIES', () => {
    const result = runCli(['inspect', zipBomb], { env: { GO_HANDOFF_ARCHIVE_MAX_ENTRIES: '50' } });
    expect(result.status).toBe(1);
    expectOneLine(result.stderr, zipBomb, /it holds more than 50 entries \(its directory lists 106\)/);
  });
});
