import { describe, expect, it } from 'vitest';

import { goBuildArgs, goBuildEnv, nodeArch } from '../../src/compile/go-flags';
import { archiveEntries, checkBinaryName } from '../../src/package/archive-entries';
import { archivePackageJson, archivePackageLock } from '../../src/package/archive-manifest';
import type { ArchiveManifest } from '../../src/schema';

const description: ArchiveManifest = { binary: 'handler', goos: 'linux', goarch: 'amd64', contract: 'http', builtWith: '0.1.0' };

describe('archive layout', () => {
  const entries = archiveEntries({ description, loaderFile: '/l/index.js', addonFile: '/a/handoff.node', binaryFile: '/b/handler', nodeArch: 'x64' });

  it('holds the loader, its package files, the addon for the platform and the executable binary, in a fixed order', () => {
    expect(entries.map((e) => [e.name, e.mode.toString(8)])).toEqual([
      ['exec-wrapper', '755'],
      ['handler', '755'],
      ['index.js', '644'],
      ['package-lock.json', '644'],
      ['package.json', '644'],
      ['prebuilds/linux-x64/handoff.node', '644'],
    ]);
  });

  it('names index.js as main, needs no install step and records the binary', () => {
    const pkg = JSON.parse(archivePackageJson(description));
    expect(pkg.main).toBe('index.js');
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
    expect(pkg.goHandoff).toMatchObject({ binary: 'handler', goarch: 'amd64', contract: 'http' });
    // The Node.js versions the loader runs on, from the oldest the tests run it on; no upper bound, which would fail deploys to the hosts' next Node.js.
    expect(pkg.engines).toEqual({ node: '>=10.16' });
    const lock = JSON.parse(archivePackageLock());
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']).toMatchObject({ name: pkg.name, version: pkg.version, engines: pkg.engines });
  });

  it('refuses binary names that are not plain or that the loader uses', () => {
    expect(checkBinaryName('handler')).toBeNull();
    expect(checkBinaryName('my-fn_2.bin')).toBeNull();
    expect(checkBinaryName('../x')).toMatch(/plain file name/);
    expect(checkBinaryName('a/b')).toMatch(/plain file name/);
    expect(checkBinaryName('index.js')).toMatch(/loader uses that name/);
  });
});

describe('go build flags', () => {
  it('build a static, stripped, path-free binary for linux', () => {
    expect(goBuildArgs('.', '/out/handler')).toEqual(['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w -buildid=', '-o', '/out/handler', '.']);
    expect(goBuildEnv('arm64')).toMatchObject({ CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'arm64' });
    expect(goBuildEnv('amd64', true).GOOS).toBeUndefined();
    expect(nodeArch('amd64')).toBe('x64');
  });
});
