// The addon must load on hosts older than the machine that builds it, and
// both build systems must produce it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { highestVersions, readVersionNeeds } from '../../src/inspect/elf-symbol-versions';
import { repoRoot } from '../helpers/archives';

const nodeGypBuild = path.join(repoRoot, 'build', 'Release', 'handoff.node');
// What archives ship: built with zig for glibc 2.17 (npm run build:prebuilds; make deps builds them).
const x64Prebuild = path.join(repoRoot, 'prebuilds', 'linux-x64', 'handoff.node');
const arm64Prebuild = path.join(repoRoot, 'prebuilds', 'linux-arm64', 'handoff.node');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-cmake-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The highest version the addon needs of each versioned library interface (GLIBC, GLIBCXX, CXXABI). */
function neededVersions(file: string): Record<string, string> {
  const table = execFileSync('objdump', ['-T', file], { encoding: 'utf8' });
  const highest: Record<string, string> = {};
  for (const [, name, version] of table.matchAll(/\b(GLIBC|GLIBCXX|CXXABI)_([\d.]+)\b/g)) {
    if (!highest[name] || compareVersions(version, highest[name]) > 0) highest[name] = version;
  }
  return highest;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function exportsOf(file: string): string[] {
  return JSON.parse(execFileSync(process.execPath, ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(file)}))))`], { encoding: 'utf8' }));
}

describe('the addon', () => {
  it.each([
    ['x64, built with this machine\'s compiler', nodeGypBuild, 'elf64-x86-64'],
    ['x64, the prebuild', x64Prebuild, 'elf64-x86-64'],
    ['arm64, the prebuild', arm64Prebuild, 'elf64-littleaarch64|elf64-little'],
  ])('for %s needs no glibc newer than 2.17 and no libstdc++ newer than GCC 5 (GLIBCXX 3.4.21)', (_arch, file, format) => {
    expect(execFileSync('objdump', ['-f', file], { encoding: 'utf8' })).toMatch(new RegExp(`file format (${format})`));
    const needed = neededVersions(file);
    expect(compareVersions(needed.GLIBC, '2.17')).toBeLessThanOrEqual(0);
    expect(compareVersions(needed.GLIBCXX ?? '0', '3.4.21')).toBeLessThanOrEqual(0);
    expect(compareVersions(needed.CXXABI ?? '0', '1.3.8')).toBeLessThanOrEqual(0);
    // go-handoff inspect reads the same from the ELF file itself, without objdump.
    expect(highestVersions(readVersionNeeds(fs.readFileSync(file)))).toEqual(needed);
  });

  it('builds with cmake-js too, offline, to the same interface and the same needs', () => {
    execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'cmake-js'), ['compile', '--out', scratch], { cwd: repoRoot, stdio: 'pipe' });
    const cmakeBuild = path.join(scratch, 'Release', 'handoff.node');
    expect(exportsOf(cmakeBuild)).toEqual(exportsOf(nodeGypBuild));
    expect(exportsOf(cmakeBuild)).toEqual(['exec', 'describeFd', 'listeningSockets']);
    expect(exportsOf(x64Prebuild)).toEqual(exportsOf(nodeGypBuild));
    expect(neededVersions(cmakeBuild)).toEqual(neededVersions(nodeGypBuild));
  }, 120_000);
});
