// The archive itself: reproducible, self-contained, installable offline, and
// built without touching the function's folder.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readElf } from '../../src/loader/elf';
import { archivePath, repoRoot } from '../helpers/archives';
import { CURRENT_NODES, nodeExecutable } from '../helpers/host-nodes';
import { npmInstall, removeUnpacked, unpackArchive } from '../helpers/unpacked';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-archive-test-'));
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  removeUnpacked();
});

function packageFunction(folder: string, output: string, node = process.execPath): void {
  execFileSync(node, ['dist/cli.js', 'package', folder, '--output', output], { cwd: repoRoot, stdio: 'pipe' });
}

/** Every file under dir with its content hash and mtime. */
function snapshot(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(file);
    result[path.relative(dir, file)] = entry.isFile() ? `${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')} ${stat.mtimeMs}` : 'dir';
  }
  return result;
}

describe('function.zip', () => {
  it('is byte-identical when built again, from another copy of the same sources', () => {
    const copy = path.join(scratch, 'copy-of-function');
    fs.cpSync(path.join(repoRoot, 'go', 'function'), copy, { recursive: true });
    // The copy's go.mod points at the SDK by a relative path that means nothing here: the build must not care.
    const again = path.join(scratch, 'again.zip');
    packageFunction(copy, again);
    expect(fs.readFileSync(again).equals(fs.readFileSync(archivePath('hello')))).toBe(true);
  });

  // The CLI runs on the developer's Node.js, which is as likely 22 or 24 as this machine's.
  it.each(CURRENT_NODES)('is byte-identical when the CLI runs on $label', (node) => {
    const output = path.join(scratch, `${node.label.replace(/\W+/g, '-')}.zip`);
    packageFunction(path.join(repoRoot, 'go', 'function'), output, nodeExecutable(node));
    expect(fs.readFileSync(output).equals(fs.readFileSync(archivePath('hello')))).toBe(true);
  });

  it('leaves the function folder exactly as it was', () => {
    const folder = path.join(scratch, 'untouched');
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'probe'), folder, { recursive: true });
    const before = snapshot(folder);
    packageFunction(folder, path.join(scratch, 'untouched.zip'));
    expect(snapshot(folder)).toEqual(before);
    expect(fs.existsSync(path.join(folder, 'go.mod'))).toBe(false);
  });

  it('holds an executable, static, linux/amd64 Go binary', async () => {
    const dir = await unpackArchive('hello');
    const binary = path.join(dir, 'handler');
    expect(fs.statSync(binary).mode & 0o777).toBe(0o755);
    const elf = readElf(fs.readFileSync(binary).subarray(0, 4096));
    expect(elf).toMatchObject({ bits: 64, arch: 'x64' });
    expect(elf?.interpreter).toBeUndefined();
    const version = execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' });
    expect(version).toMatch(/build\s+CGO_ENABLED=0/);
    expect(version).toMatch(/build\s+-trimpath=true/);
    // -s -w: no symbol table (go tool nm finds nothing).
    expect(() => execFileSync('go', ['tool', 'nm', binary], { stdio: 'pipe' })).toThrow(/no symbols/);
    // No path of this machine: the same sources build the same bytes anywhere.
    const bytes = fs.readFileSync(binary).toString('latin1');
    for (const local of [repoRoot, os.tmpdir() + '/']) expect(bytes).not.toContain(local);
  });

  // Upload size is a goal (bench/RESULTS.md): every function links the SDK,
  // so what the SDK pulls in is paid by all of them. http.Client's Transport
  // and regexp once did, for half a megabyte.
  it('stays under 3 MB for a hello world, with no HTTP client or regexp linked in', async () => {
    expect(fs.statSync(archivePath('hello')).size).toBeLessThanOrEqual(3_000_000);
    const binary = fs.readFileSync(path.join(await unpackArchive('hello'), 'handler')).toString('latin1');
    // Function names stay in the binary's pclntab even with -s -w.
    expect(binary).toContain('net/http.(*Server).Serve');
    expect(binary).not.toContain('net/http.(*Transport)');
    expect(binary).not.toContain('regexp.(*Regexp)');
  });

  it.each(['install', 'ci'] as const)('survives `npm %s` with no network, needing nothing', async (command) => {
    const dir = await unpackArchive('hello');
    npmInstall(dir, command);
    const installed = fs.existsSync(path.join(dir, 'node_modules')) ? fs.readdirSync(path.join(dir, 'node_modules')).filter((n) => !n.startsWith('.')) : [];
    expect(installed).toEqual([]);
    expect(fs.statSync(path.join(dir, 'handler')).mode & 0o777).toBe(0o755);
  });
});
