// The go-handoff command, black-box: its usage, its errors, init, and the
// archives package writes and inspect reads.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

import * as tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';

import { readElf } from '../../src/loader/elf';
import { type ArchiveFile, readArchive } from '../../src/package/read-archive';
import { ARM64_ARCHIVE, archivePath, repoRoot } from '../helpers/archives';
import { runCli } from '../helpers/cli';
import { rewriteArchive } from '../helpers/rewrite-archive';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-cli-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const COMMANDS = ['init', 'build', 'package', 'serve', 'inspect'];
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;

describe('go-handoff usage', () => {
  it.each(COMMANDS)('%s: --help prints its usage and --version the version, exit 0', (command) => {
    const help = runCli([command, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^go-handoff ${command} `));
    expect(help.stdout).toMatch(/Options:/);
    const shown = runCli([command, '--version']);
    expect(shown).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it('lists every command with --help, says the version with --version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(runCli(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(runCli(['help', 'inspect']).stdout).toMatch(/^go-handoff inspect <archive>/);
  });

  it('without a command, prints the usage on stderr and exits 2', () => {
    const result = runCli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Usage: go-handoff <command>/);
  });

  it('refuses an unknown command or option on stderr, exit 2', () => {
    const command = runCli(['deploy']);
    expect(command).toMatchObject({ status: 2, stdout: '' });
    expect(command.stderr).toMatch(/^go-handoff: unknown command "deploy"; the commands are init, build, package, serve, inspect\n/);
    const option = runCli(['package', '--zip']);
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--zip'/);
    const arch = runCli(['package', '--arch', 'riscv64']);
    expect(arch).toMatchObject({ status: 2 });
    expect(arch.stderr).toMatch(/--arch must be amd64 or arm64, not "riscv64"/);
  });

  it.each([
    ['build', ['build']],
    ['package', ['package']],
    ['serve', ['serve']],
    ['inspect', ['inspect']],
  ])('%s names a folder or file that does not exist, exit 1', (_name, args) => {
    const missing = path.join(scratch, 'no-such-thing');
    const result = runCli([...args, missing]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toMatch(/does not exist/);
  });
});

describe('go-handoff init', () => {
  it.each(['http', 'json', 'bytes', 'event'])('makes a %s function folder from the example, which the CLI builds', (template) => {
    const dir = path.join(scratch, `init-${template}`);
    const created = runCli(['init', dir, '--template', template]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`created ${dir} from the ${template} template`));
    const example = path.join(repoRoot, 'go', 'examples', template);
    expect(fs.readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe(fs.readFileSync(path.join(example, 'main.go'), 'utf8'));
    const goMod = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`^module init-${template}\n`));
    expect(goMod).toContain(`replace github.com/go-handoff/go-handoff => ${path.join(repoRoot, 'go')}\n`);

    const binary = path.join(scratch, `init-${template}.bin`);
    const built = runCli(['build', dir, '-o', binary]);
    expect(built.status, built.stderr).toBe(0);
    const elf = readElf(fs.readFileSync(binary));
    expect(elf?.arch).toBe('x64');
    expect(elf?.interpreter).toBeUndefined();
  }, 120_000);

  it("makes a Firebase project whose functions/package.json lists this go-handoff, or the spec --go-handoff gives", () => {
    const dir = path.join(scratch, 'init-firebase');
    const created = runCli(['init', dir, '--template', 'firebase']);
    expect(created.status, created.stderr).toBe(0);
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'functions', 'package.json'), 'utf8'));
    expect(manifest.devDependencies).toEqual({ 'go-handoff': `^${version}` });
    expect(manifest.scripts.build).toBe('go-handoff package ../go --format dir --output go-handoff');
    expect(fs.readFileSync(path.join(dir, 'functions', 'index.js'), 'utf8')).toBe(fs.readFileSync(path.join(repoRoot, 'go', 'examples', 'firebase', 'functions', 'index.js'), 'utf8'));

    const pinned = path.join(scratch, 'init-firebase-pinned');
    expect(runCli(['init', pinned, '--template', 'firebase', '--go-handoff', 'file:../go-handoff.tgz']).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(pinned, 'functions', 'package.json'), 'utf8')).devDependencies).toEqual({ 'go-handoff': 'file:../go-handoff.tgz' });
  });

  it('refuses a folder that is not empty, naming it, and writes nothing', () => {
    const dir = path.join(scratch, 'taken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main // mine\n');
    const result = runCli(['init', dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`go-handoff: ${dir} already exists and is not empty (it holds main.go): init never overwrites files; give a new folder's name\n`);
    expect(fs.readdirSync(dir)).toEqual(['main.go']);
    expect(fs.readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe('package main // mine\n');
  });

  it('refuses an unknown template, exit 2', () => {
    const result = runCli(['init', path.join(scratch, 'grpc'), '--template', 'grpc']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--template must be one of http, json, bytes, event, firebase, not "grpc"/);
    expect(fs.existsSync(path.join(scratch, 'grpc'))).toBe(false);
  });
});

/** The headers of a tar.gz's entries, in order. */
async function tarHeaders(file: string): Promise<tar.Header[]> {
  const extract = tar.extract();
  const headers: tar.Header[] = [];
  extract.on('entry', (header, stream, next) => {
    headers.push(header);
    stream.on('end', next);
    stream.resume();
  });
  const done = new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  extract.end(zlib.gunzipSync(fs.readFileSync(file)));
  await done;
  return headers;
}

describe('go-handoff package --format tar.gz', () => {
  it('writes the same entries and modes as the zip, byte-identical from another copy of the sources', async () => {
    const first = path.join(scratch, 'first.tar.gz');
    const copy = path.join(scratch, 'copy-of-function');
    fs.cpSync(path.join(repoRoot, 'go', 'function'), copy, { recursive: true });
    const second = path.join(scratch, 'second.tgz');
    expect(runCli(['package', 'go/function', '--format', 'tar.gz', '-o', first, '--quiet'])).toMatchObject({ status: 0, stdout: '' });
    expect(runCli(['package', copy, '-o', second, '--quiet']).status).toBe(0);
    expect(fs.readFileSync(second).equals(fs.readFileSync(first))).toBe(true);

    const gzip = fs.readFileSync(first);
    expect(gzip.readUInt32LE(4)).toBe(0); // no timestamp in the gzip header
    const headers = await tarHeaders(first);
    expect(headers.map((h) => [h.name, h.mode?.toString(8)])).toEqual([
      ['exec-wrapper', '755'],
      ['handler', '755'],
      ['index.js', '644'],
      ['package-lock.json', '644'],
      ['package.json', '644'],
      ['prebuilds/linux-x64/handoff.node', '644'],
    ]);
    for (const h of headers) expect(h).toMatchObject({ type: 'file', uid: 0, gid: 0, uname: '', gname: '', mtime: new Date('1980-01-01T00:00:00Z') });
  }, 120_000);

  it('refuses a --format that contradicts the name, exit 2', () => {
    const result = runCli(['package', 'go/function', '--format', 'tar.gz', '-o', path.join(scratch, 'x.zip')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--format tar.gz does not match the output's name/);
  });
});

describe('go-handoff inspect', () => {
  it('lists a good archive and says which hosts it runs on, exit 0', () => {
    const result = runCli(['inspect', archivePath('hello')]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^.*hello\.zip: zip, [\d.]+ MiB, 6 entries$/m);
    expect(result.stdout).toMatch(/^ {2}-rwxr-xr-x +[\d.]+ KiB {2}exec-wrapper$/m);
    expect(result.stdout).toMatch(/^ {2}-rwxr-xr-x +[\d.]+ MiB {2}handler$/m);
    expect(result.stdout).toMatch(/^ {2}-rw-r--r-- +\d+ KiB {2}prebuilds\/linux-x64\/handoff\.node$/m);
    expect(result.stdout).toMatch(/✓ index\.js: go-handoff's loader/);
    expect(result.stdout).toMatch(/✓ handler: ELF 64-bit x64 executable, statically linked, mode 0755/);
    expect(result.stdout).toMatch(/✓ prebuilds\/linux-x64\/handoff\.node: ELF 64-bit x64 shared library, needs GLIBC 2\.\d+/);
    expect(result.stdout).toMatch(/✓ exec-wrapper: POSIX sh, mode 0755: with AWS_LAMBDA_EXEC_WRAPPER=\/var\/task\/exec-wrapper, Lambda starts handler with no Node\.js/);
    expect(result.stdout).toMatch(/would run on linux-x64 hosts/);
  });

  it('reads a tar.gz too', async () => {
    const archive = path.join(scratch, 'inspect.tar.gz');
    await rewriteArchive(archivePath('hello'), archive, (files) => files, 'tar.gz');
    const result = runCli(['inspect', archive]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/inspect\.tar\.gz: tar\.gz, /);
  });

  it('warns about an archive re-zipped with every entry 0644, which still runs through the loader, exit 0', async () => {
    const archive = path.join(scratch, 'lost-modes.zip');
    await rewriteArchive(archivePath('hello'), archive, (files) => files.map((f) => ({ ...f, mode: 0o644 })));
    const result = runCli(['inspect', archive]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}-rw-r--r-- +[\d.]+ MiB {2}handler$/m);
    expect(result.stdout).toMatch(/! handler: ELF 64-bit x64 executable, statically linked, mode 0644: not executable .*The loader makes it executable at start, with chmod, or .* a copy from the temporary folder/);
    expect(result.stdout).toMatch(/! exec-wrapper: mode 0644: not executable, so Lambda's bootstrap refuses it/);
    expect(result.stdout).toMatch(/would run on linux-x64 hosts/);
  });

  it('passes the arm64 archive', () => {
    const result = runCli(['inspect', archivePath(ARM64_ARCHIVE)]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ handler: ELF 64-bit arm64 executable, statically linked/);
    expect(result.stdout).toMatch(/✓ prebuilds\/linux-arm64\/handoff\.node: ELF 64-bit arm64 shared library, needs GLIBC 2\.17/);
    expect(result.stdout).toMatch(/would run on linux-arm64 hosts/);
  });

  const broken: [string, (files: ArchiveFile[]) => Promise<ArchiveFile[]>, RegExp][] = [
    ['the binary missing', async (files) => files.filter((f) => f.name !== 'handler'), /handler: missing: package.json names "handler" as the Go binary/],
    [
      'a binary for another architecture',
      async (files) => {
        const arm = (await readArchive(archivePath(ARM64_ARCHIVE))).files.find((f) => f.name === 'handler')!;
        return files.map((f) => (f.name === 'handler' ? arm : f));
      },
      /handler: .*built for arm64, but package.json says linux\/amd64/,
    ],
    ['a dynamically linked binary', async (files) => files.map((f) => (f.name === 'handler' ? { ...f, data: fs.readFileSync('/bin/true') } : f)), /handler: .*dynamically linked \(it needs \/lib.*ld-linux/],
    ['the addon missing', async (files) => files.filter((f) => !f.name.startsWith('prebuilds/')), /prebuilds\/linux-x64\/handoff\.node: missing/],
  ];

  it.each(broken)('fails an archive with %s, exit 1, the reason on stderr', async (name, edit, reason) => {
    const archive = path.join(scratch, `${name.replace(/\W+/g, '-')}.zip`);
    const edited = await edit((await readArchive(archivePath('hello'))).files);
    await rewriteArchive(archivePath('hello'), archive, () => edited);
    const result = runCli(['inspect', archive]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Checks:/);
    expect(result.stderr).toMatch(/go-handoff: .* would not run:\n/);
    expect(result.stderr).toMatch(reason);
    // --quiet: only the reasons.
    const quiet = runCli(['inspect', archive, '--quiet']);
    expect(quiet).toMatchObject({ status: 1, stdout: '' });
    expect(quiet.stderr).toMatch(reason);
  });

  it('says what a file that is not an archive is', () => {
    const result = runCli(['inspect', path.join(repoRoot, 'README.md')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/README\.md: neither a zip nor a tar\.gz archive: it is text$/m);
  });
});
