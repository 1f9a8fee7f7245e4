import { describe, expect, it } from 'vitest';

import { addonRemedy } from '../../src/loader/addon';

describe('the advice when the addon does not load', () => {
  it('names a C library older than the addon needs, and how to get an addon that fits', () => {
    const remedy = addonRemedy(['not there', "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /srv/prebuilds/linux-x64/handoff.node)"], 'linux', 'x64');
    expect(remedy).toMatch(/older than the addon needs \(GLIBC_2\.34\)/);
    expect(remedy).toMatch(/no more than glibc 2\.17/);
    expect(remedy).toMatch(/go-handoff inspect function\.zip/);
  });

  it('says a musl host needs a glibc image', () => {
    expect(addonRemedy(['Error relocating /srv/prebuilds/linux-x64/handoff.node: __fcntl64: symbol not found'], 'linux', 'x64')).toMatch(/not glibc \(musl/);
  });

  it('otherwise, says to build for this platform or point GO_HANDOFF_ADDON at an addon', () => {
    expect(addonRemedy(['not there', 'not there'], 'linux', 'arm64')).toMatch(/rebuild it on \(or for\) linux-arm64 with `make`, or set GO_HANDOFF_ADDON/);
  });
});
