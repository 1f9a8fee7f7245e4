// `make` on a machine that is not linux-x64 (a macOS laptop, a linux-arm64
// one) must still write an archive whose addon a Linux host of the archive's
// architecture loads. GO_HANDOFF_HOST_PLATFORM makes the build believe it
// runs on that machine, GO_HANDOFF_PREBUILDS points it at an empty prebuilds
// folder so that it has to build the addon itself, and PATH holds no C or
// C++ compiler: only zig's build can make the archive.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { highestVersions, readVersionNeeds } from '../../src/inspect/elf-symbol-versions';
import { readElf } from '../../src/loader/elf';
import { readArchive } from '../../src/package/read-archive';
import { repoRoot } from '../helpers/archives';
import { pathWithoutCompilers } from '../helpers/no-compiler-path';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-other-host-'));
const noCompilers = pathWithoutCompilers(path.join(scratch, 'bin'));
const written: string[] = [];
afterAll(() => {
  for (const file of written) fs.rmSync(file, { force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

const ET_DYN = 3;

describe.each([
  ['darwin-arm64', 'amd64', 'x64'],
  ['darwin-arm64', 'arm64', 'arm64'],
  ['linux-arm64', 'amd64', 'x64'],
])('make on %s with ARCH=%s', (host, goarch, arch) => {
  it(`builds the linux-${arch} addon with zig and ships it`, async () => {
    const name = `test-other-host-${process.pid}-${written.length}`;
    written.push(path.join(repoRoot, `${name}.zip`));
    const prebuilds = path.join(scratch, `prebuilds-${written.length}`);
    const env = { ...process.env, PATH: noCompilers, GO_HANDOFF_HOST_PLATFORM: host, GO_HANDOFF_PREBUILDS: prebuilds, CC: '', CXX: '' };
    // Not execFileSync: a worker blocked for a minute loses vitest's heartbeat.
    const { stdout: output } = await promisify(execFile)('make', ['--no-print-directory', `PACKAGE=${name}`, `ARCH=${goarch}`], { cwd: repoRoot, env, encoding: 'utf8' });

    const file = `${prebuilds}/linux-${arch}/handoff.node`;
    expect(output).toContain(`addon: ${file} (built from native/ with zig on ${host}; no prebuilt addon fitted, tried ${file}: not there)`);
    const { files } = await readArchive(path.join(repoRoot, `${name}.zip`));
    const addon = files.find((f) => f.name === `prebuilds/linux-${arch}/handoff.node`);
    expect(addon, files.map((f) => f.name).join(', ')).toBeDefined();
    expect(readElf(addon!.data)).toMatchObject({ bits: 64, arch, type: ET_DYN });
    expect(readElf(files.find((f) => f.name === 'handler')!.data)).toMatchObject({ bits: 64, arch });
    const needs = highestVersions(readVersionNeeds(addon!.data));
    expect(Number(needs.GLIBC.split('.')[1])).toBeLessThanOrEqual(17);
    expect(needs.GLIBCXX).toBeUndefined();
  }, 300_000);
});
