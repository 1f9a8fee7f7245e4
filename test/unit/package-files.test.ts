// What `npm pack` puts in the go-handoff package: the CLI, the loader, the
// prebuilt addons, the Go SDK's sources without its tests, the templates,
// README and LICENSE, and nothing else (no tests, benches, native sources).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { TEMPLATES } from '../../src/init/templates';
import { repoRoot } from '../helpers/archives';

interface PackResult {
  files: { path: string; mode: number }[];
}

// --ignore-scripts: prepack would rebuild what `make deps` built already.
const packed: PackResult = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))[0];
const files = packed.files.map((f) => f.path).sort();

const ALLOWED = [
  /^(LICENSE|README\.md|package\.json)$/,
  /^bin\/go-handoff\.js$/,
  /^dist\/(cli\.js|loader\/index\.js)$/,
  /^prebuilds\/linux-(x64|arm64)\/handoff\.node$/,
  /^go\/go\.(mod|sum)$/,
  // The SDK's packages (handoff, internal, compat, ...) and the templates (examples), not the clone's own function.
  /^go\/(?!function\/)[^/]+\/.+$/,
];

describe('the npm package', () => {
  it('holds only the CLI, the loader, the prebuilds, the SDK, the templates, README and LICENSE', () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(files.filter((file) => /_test\.go$|\/testdata\/|\/activationtest\/|^go\/function\//.test(file))).toEqual([]);
    expect(files.filter((file) => /^(test|bench|native|src|scripts|packages)\//.test(file))).toEqual([]);
  });

  it('holds everything a user needs', () => {
    const required = [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/go-handoff.js',
      'dist/cli.js',
      'dist/loader/index.js',
      'prebuilds/linux-x64/handoff.node',
      'prebuilds/linux-arm64/handoff.node',
      'go/go.mod',
      'go/handoff/start.go',
      'go/internal/cmd/prepare/main.go',
    ];
    expect(required.filter((file) => !files.includes(file))).toEqual([]);
    // Every file of the SDK and of the templates is there: all of go/ but the clone's own function and the tests.
    const tracked = execFileSync('git', ['ls-files', 'go'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && !file.startsWith('go/function/'))
      .filter((file) => !file.endsWith('_test.go') && !file.includes('/activationtest/') && !file.includes('/testdata/'));
    expect(tracked.filter((file) => !files.includes(file))).toEqual([]);
    for (const template of TEMPLATES) expect(files.filter((file) => file.startsWith(`go/examples/${template}/`)), template).not.toEqual([]);
  });

  it('has no install script and depends on no package that needs a compiler', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.scripts).filter((name) => /^(pre|post)?install$/.test(name))).toEqual([]);
    expect(files).not.toContain('binding.gyp'); // npm would run node-gyp rebuild for it
    expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(['node-gyp']));
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
    const withScripts = Object.entries(lock.packages as Record<string, { dev?: boolean; hasInstallScript?: boolean }>)
      .filter(([name, entry]) => name !== '' && entry.hasInstallScript && !entry.dev)
      .map(([name]) => name);
    expect(withScripts).toEqual([]);
    expect(lock.packages[''].hasInstallScript).toBeUndefined();
  });

  it('has no script that npm runs by itself before or after another (prebuild would make `npm run build` need zig)', () => {
    for (const dir of [repoRoot, path.join(repoRoot, 'packages', 'create-go-handoff')]) {
      const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts ?? {});
      const hooks = scripts.filter((name) => /^(pre|post)./.test(name) && scripts.includes(name.replace(/^(pre|post)/, '')));
      expect(hooks, dir).toEqual([]);
    }
  });

  it('carries the Apache-2.0 licence its package.json names, in full', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(manifest.license).toBe('Apache-2.0');
    const license = fs.readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toMatch(/END OF TERMS AND CONDITIONS/);
    expect(license.length).toBeGreaterThan(10_000);
  });
});
