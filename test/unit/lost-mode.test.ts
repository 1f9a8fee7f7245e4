// The loader's repair of a Go binary that lost its executable mode, with the
// file system faked: which attempt runs when, and what each outcome says.
// test/e2e/lost-modes.test.ts does the same for real.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { ExecutableFacts } from '../../src/loader/executable';
import { copyToTemporaryFolder, type LostModeOps, runnableBinary } from '../../src/loader/lost-mode';
import { elfHeader } from '../helpers/elf-header';

const STATIC_X64 = elfHeader();

/** A file system holding /fn/handler with mode; chmod and the copy behave as told. */
function fakeFs(mode: number, behaviour: { chmod?: 'works' | 'EROFS' | 'noexec'; copy?: 'works' | 'ENOSPC' | 'noexec'; head?: Buffer } = {}) {
  const modes = new Map<string, number>([['/fn/handler', mode]]);
  const noexec = new Set<string>();
  if (behaviour.chmod === 'noexec') noexec.add('/fn/handler');
  const calls: string[] = [];
  const ops: LostModeOps = {
    facts: (file): ExecutableFacts => ({ exists: true, isFile: true, mode: 0o100000 | modes.get(file)!, head: behaviour.head ?? STATIC_X64, interpreterExists: () => true }),
    checkExecutable: (file) => {
      if ((modes.get(file)! & 0o111) === 0 || noexec.has(file)) throw Object.assign(new Error(`EACCES: permission denied, access '${file}'`), { code: 'EACCES' });
    },
    chmod: (file, m) => {
      calls.push(`chmod ${m.toString(8)}`);
      if (behaviour.chmod === 'EROFS') throw Object.assign(new Error(`EROFS: read-only file system, chmod '${file}'`), { code: 'EROFS' });
      modes.set(file, m);
    },
    copyToTemporaryFolder: (file) => {
      calls.push(`copy ${file}`);
      if (behaviour.copy === 'ENOSPC') throw new Error('ENOSPC: no space left on device, write');
      const copy = '/tmp/go-handoff-exec-0/abc/handler';
      modes.set(copy, 0o755);
      if (behaviour.copy === 'noexec') noexec.add(copy);
      return copy;
    },
    tmpdir: () => '/tmp',
    remove: (file) => calls.push(`remove ${file}`),
  };
  return { ops, calls, modes };
}

describe('runnableBinary', () => {
  it('leaves an executable binary alone', () => {
    const { ops, calls } = fakeFs(0o755);
    expect(runnableBinary('/fn/handler', 'x64', ops)).toEqual({ binary: '/fn/handler' });
    expect(calls).toEqual([]);
  });

  it('chmods a binary stored 0644, giving execute to whoever may read it', () => {
    const { ops, calls, modes } = fakeFs(0o644);
    const result = runnableBinary('/fn/handler', 'x64', ops);
    expect(result).toEqual({ binary: '/fn/handler', repaired: expect.stringMatching(/^the Go binary \/fn\/handler was not executable \(mode 0644\): made it executable \(chmod 0755\)\. Deploy the archive as/) });
    expect(calls).toEqual(['chmod 755']);
    expect(modes.get('/fn/handler')).toBe(0o755);
    const owner = fakeFs(0o600);
    runnableBinary('/fn/handler', 'x64', owner.ops);
    expect(owner.calls).toEqual(['chmod 700']);
  });

  it('runs a copy when chmod fails, and says why', () => {
    const { ops, calls } = fakeFs(0o644, { chmod: 'EROFS' });
    expect(runnableBinary('/fn/handler', 'x64', ops)).toEqual({
      binary: '/tmp/go-handoff-exec-0/abc/handler',
      repaired: expect.stringMatching(/was not executable \(mode 0644\), and chmod 0755 failed \(EROFS: read-only file system, chmod '\/fn\/handler'\): running a copy, \/tmp\/go-handoff-exec-0\/abc\/handler\./),
    });
    expect(calls).toEqual(['chmod 755', 'copy /fn/handler']);
  });

  it('runs a copy of an executable binary on a noexec file system, where chmod cannot help', () => {
    const { ops, calls } = fakeFs(0o755, { chmod: 'noexec' });
    expect(runnableBinary('/fn/handler', 'x64', ops)).toEqual({
      binary: '/tmp/go-handoff-exec-0/abc/handler',
      repaired: expect.stringMatching(/could not be executed by this process \(mode 0755: .*mounted noexec\), and chmod cannot help: running a copy.*GO_HANDOFF_BINARY/),
    });
    expect(calls).toEqual(['copy /fn/handler']);
  });

  it('fails naming both attempts when the copy cannot run either, and removes it', () => {
    const { ops, calls } = fakeFs(0o644, { chmod: 'EROFS', copy: 'noexec' });
    const result = runnableBinary('/fn/handler', 'x64', ops);
    expect(result).toEqual({ failure: { code: 'EACCES', message: expect.any(String) } });
    const { message } = (result as { failure: { message: string } }).failure;
    expect(message).toMatch(/^The Go binary \/fn\/handler was not executable \(mode 0644\), and go-handoff could not make it executable: chmod 0755 failed \(EROFS[^)]*\), and its copy \/tmp\/go-handoff-exec-0\/abc\/handler cannot be executed either \(\/tmp must be mounted noexec\)\. Rebuild function\.zip/);
    expect(message).toMatch(/set TMPDIR to a folder where files may be executed/);
    expect(calls).toEqual(['chmod 755', 'copy /fn/handler', 'remove /tmp/go-handoff-exec-0/abc/handler']);
  });

  it('fails naming both attempts when the copy cannot be written', () => {
    const result = runnableBinary('/fn/handler', 'x64', fakeFs(0o644, { chmod: 'EROFS', copy: 'ENOSPC' }).ops);
    expect((result as { failure: { message: string } }).failure.message).toMatch(/chmod 0755 failed \(EROFS.*\), and copying it into \/tmp failed \(ENOSPC: no space left on device, write\)/);
  });

  it('repairs nothing that is broken otherwise: a text file stays a text file', () => {
    const { ops, calls } = fakeFs(0o644, { head: Buffer.from('hello, I am not a program\n') });
    const result = runnableBinary('/fn/handler', 'x64', ops);
    expect(result).toEqual({ failure: { code: 'ENOEXEC', message: expect.stringMatching(/is not a program/) } });
    expect(calls).toEqual([]);
  });
});

describe('copyToTemporaryFolder', () => {
  const made: string[] = [];
  const tmpdir = process.env.TMPDIR;
  afterEach(() => {
    process.env.TMPDIR = tmpdir;
    if (tmpdir === undefined) delete process.env.TMPDIR;
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A temporary folder of the test's own as TMPDIR, and a binary elsewhere. */
  function setUp(): { tmp: string; binary: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-copy-test-'));
    made.push(root);
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp);
    const binary = path.join(root, 'handler');
    fs.writeFileSync(binary, 'a Go binary', { mode: 0o644 });
    process.env.TMPDIR = tmp;
    return { tmp, binary };
  }

  it('copies into a folder of the user\'s own, named by the bytes, mode 0755, and finds the copy again', () => {
    const { tmp, binary } = setUp();
    const copy = copyToTemporaryFolder(binary);
    expect(copy).toMatch(new RegExp(`^${tmp}/go-handoff-exec-${process.getuid!()}/[0-9a-f]{32}/handler$`));
    expect(fs.readFileSync(copy, 'utf8')).toBe('a Go binary');
    expect(fs.statSync(copy).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(tmp, `go-handoff-exec-${process.getuid!()}`)).mode & 0o777).toBe(0o700);
    const mtime = fs.statSync(copy).mtimeMs;
    expect(copyToTemporaryFolder(binary)).toBe(copy);
    expect(fs.statSync(copy).mtimeMs).toBe(mtime);
    fs.writeFileSync(binary, 'another Go binary');
    expect(copyToTemporaryFolder(binary)).not.toBe(copy);
  });

  it('does not use a folder of that name that others may write to, or a link', () => {
    const { tmp, binary } = setUp();
    const shared = path.join(tmp, `go-handoff-exec-${process.getuid!()}`);
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    expect(path.dirname(path.dirname(copyToTemporaryFolder(binary)))).toMatch(new RegExp(`^${tmp}/go-handoff-exec-\\w{6}$`));
    fs.rmSync(shared, { recursive: true });
    fs.symlinkSync(tmp, shared);
    expect(path.dirname(path.dirname(copyToTemporaryFolder(binary)))).toMatch(new RegExp(`^${tmp}/go-handoff-exec-\\w{6}$`));
  });
});
