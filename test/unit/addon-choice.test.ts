// Which addon an archive gets: the prebuild for its architecture when one
// fits, else (only in a checkout) one built from native/, else an error
// naming what was tried.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ensureAddon, prebuildFile, prebuildsDir, unfitReason } from '../../src/compile/addon-build';
import { hostPlatform } from '../../src/compile/host-platform';
import { addonLine } from '../../src/cli/format';
import { EM_AARCH64, EM_X86_64, ET_DYN, elfHeader } from '../helpers/elf-header';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-addon-choice-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function write(file: string, data: Buffer | string, mtime?: Date): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  if (mtime) fs.utimesSync(file, mtime, mtime);
  return file;
}

describe('the addon an archive gets', () => {
  it('is prebuilds/linux-<arch>/handoff.node, or GO_HANDOFF_PREBUILDS/linux-<arch>/handoff.node', () => {
    expect(prebuildFile('arm64', prebuildsDir({}, '/pkg'))).toBe('/pkg/prebuilds/linux-arm64/handoff.node');
    expect(prebuildFile('x64', prebuildsDir({ GO_HANDOFF_PREBUILDS: '/mine' }, '/pkg'))).toBe('/mine/linux-x64/handoff.node');
  });

  it('names the machine it is built on, or the one GO_HANDOFF_HOST_PLATFORM pretends to be', () => {
    expect(hostPlatform({}, 'darwin', 'arm64')).toBe('darwin-arm64');
    expect(hostPlatform({ GO_HANDOFF_HOST_PLATFORM: 'linux-arm64' }, 'linux', 'x64')).toBe('linux-arm64');
  });

  it('fits only when it is there, an ELF file for the arch, and newer than native/', () => {
    const dir = path.join(scratch, 'fit');
    const x64 = write(path.join(dir, 'x64.node'), elfHeader({ machine: EM_X86_64, type: ET_DYN }), new Date(2_000_000_000_000));
    const source = write(path.join(dir, 'native', 'addon.cc'), '', new Date(1_000_000_000_000));
    expect(unfitReason(x64, 'x64', [source])).toBeUndefined();
    expect(unfitReason(path.join(dir, 'none.node'), 'x64', [])).toBe('not there');
    expect(unfitReason(x64, 'arm64', [])).toBe('built for x64');
    expect(unfitReason(write(path.join(dir, 'text.node'), 'not elf'), 'x64', [])).toBe('not an ELF file');
    fs.utimesSync(source, new Date(3_000_000_000_000), new Date(3_000_000_000_000));
    expect(unfitReason(x64, 'x64', [source])).toBe('older than the sources in native/');
  });

  it('is the prebuild in an installed package, and an error naming what was tried when none fits', async () => {
    const installed = path.join(scratch, 'node_modules', 'go-handoff');
    write(path.join(installed, 'prebuilds', 'linux-arm64', 'handoff.node'), elfHeader({ machine: EM_AARCH64, type: ET_DYN }));
    await expect(ensureAddon('arm64', undefined, {}, installed)).resolves.toEqual({ file: path.join(installed, 'prebuilds', 'linux-arm64', 'handoff.node'), how: 'prebuilt' });
    const missing = path.join(installed, 'prebuilds', 'linux-x64', 'handoff.node');
    await expect(ensureAddon('amd64', undefined, {}, installed)).rejects.toThrow(
      `no prebuilt addon for linux-x64 fits. Tried:\n  ${missing}: not there\nThis go-handoff has no native/ sources to build one from.`,
    );
  });

  it('is named after the archive is written, with what was tried when it had to be built', () => {
    expect(addonLine({ file: '/p/prebuilds/linux-x64/handoff.node', how: 'prebuilt' }, '/p')).toBe('addon: prebuilds/linux-x64/handoff.node (prebuilt)');
    expect(addonLine({ file: '/p/prebuilds/linux-x64/handoff.node', how: 'built', tried: '/p/prebuilds/linux-x64/handoff.node: not there', host: 'darwin-arm64' }, '/p')).toBe(
      'addon: prebuilds/linux-x64/handoff.node (built from native/ with zig on darwin-arm64; no prebuilt addon fitted, tried /p/prebuilds/linux-x64/handoff.node: not there)',
    );
    expect(addonLine({ file: '/elsewhere/a.node', how: 'given' }, '/p')).toBe('addon: /elsewhere/a.node (given with --addon)');
  });
});
