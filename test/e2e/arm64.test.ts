// --arch arm64: the Go binary cross-compiled by Go, the addon the arm64
// prebuild (built with zig, for glibc 2.17).
import { describe, expect, it } from 'vitest';

import { readElf } from '../../src/loader/elf';
import { readArchive } from '../../src/package/read-archive';
import { ARM64_ARCHIVE, archivePath } from '../helpers/archives';

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

});
