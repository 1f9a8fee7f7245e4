// --arch arm64: the Go binary cross-compiled by Go, the addon by Debian's
// cross toolchain, or a plain statement of what to install.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readElf } from '../../src/loader/elf';
import { readArchive } from '../../src/package/read-archive';
import { ARM64_ARCHIVE, archivePath, repoRoot } from '../helpers/archives';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-arm64-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const ET_DYN = 3;

describe('package --arch arm64', () => {
  it('holds a static arm64 Go binary, the arm64 addon and a manifest that says arm64', async () => {
    const { files } = await readArchive(archivePath(ARM64_ARCHIVE));
    expect(files.map((f) => `${f.mode.toString(8)} ${f.name}`).sort()).toEqual(['644 index.js', '644 package-lock.json', '644 package.json', '644 prebuilds/linux-arm64/handoff.node', '755 exec-wrapper', '755 handler']);
    const binary = readElf(files.find((f) => f.name === 'handler')!.data);
    expect(binary).toMatchObject({ bits: 64, arch: 'arm64' });
    expect(binary?.interpreter).toBeUndefined();
    const addon = readElf(files.find((f) => f.name === 'prebuilds/linux-arm64/handoff.node')!.data);
    expect(addon).toMatchObject({ bits: 64, arch: 'arm64', type: ET_DYN });
    expect(JSON.parse(files.find((f) => f.name === 'package.json')!.data.toString()).goHandoff).toMatchObject({ goos: 'linux', goarch: 'arm64' });
  });

  it('says what to install when the cross compiler is missing', () => {
    // A PATH with node and nothing else: no aarch64-linux-gnu-g++.
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
    delete env.CXX;
    const result = spawnSync(process.execPath, ['scripts/build-addon.mjs', '--arch=arm64'], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/building the addon for linux-arm64 on this x64 machine needs a cross compiler, and aarch64-linux-gnu-g\+\+ is not on PATH/);
    expect(result.stderr).toMatch(/sudo apt-get install g\+\+-aarch64-linux-gnu/);
    expect(result.stderr).toMatch(/pass its build\/Release\/handoff\.node to `go-handoff package --addon`/);
    // The addon already built is left alone.
    expect(readElf(fs.readFileSync(path.join(repoRoot, 'build', 'arm64', 'handoff.node')))?.arch).toBe('arm64');
  });
});
