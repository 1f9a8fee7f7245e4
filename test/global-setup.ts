// Builds, once per run, what the end-to-end tests share: the bundled loader
// and the archives of the test functions, made by the same CLI `make` uses.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { TestProject } from 'vitest/node';

import { ARCHIVES, ARM64_ARCHIVE, archivePath, repoRoot } from './helpers/archives';

export default function setup(project: TestProject): void {
  const addon = path.join(repoRoot, 'build', 'Release', 'handoff.node');
  if (!fs.existsSync(addon)) throw new Error(`the addon ${addon} is not built: run \`make check\`, which builds it first`);
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  for (const [name, source] of Object.entries(ARCHIVES)) {
    execFileSync(process.execPath, ['dist/cli.js', 'package', source, '--output', archivePath(name)], { cwd: repoRoot, stdio: 'inherit' });
  }
  // Ships prebuilds/linux-arm64/handoff.node (make deps builds it with zig).
  execFileSync(process.execPath, ['dist/cli.js', 'package', ARCHIVES.hello, '--arch', 'arm64', '--output', archivePath(ARM64_ARCHIVE)], { cwd: repoRoot, stdio: 'inherit' });
  void project;
}
