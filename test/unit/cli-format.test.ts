import { describe, expect, it } from 'vitest';

import { displayPath, formatBytes, formatSeconds, packageSummary } from '../../src/cli/format';
import { progressReporter } from '../../src/cli/progress-reporter';

describe('CLI formatting', () => {
  it('writes sizes and durations as people read them', () => {
    expect(formatBytes(255)).toBe('255 B');
    expect(formatBytes(20 * 1024 + 100)).toBe('20 KiB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MiB');
    expect(formatSeconds(3240)).toBe('3.2 s');
  });

  it('shows paths below the current folder relatively, others absolutely', () => {
    expect(displayPath('/work/a/function.zip', '/work/a')).toBe('function.zip');
    expect(displayPath('/work/a', '/work/a')).toBe('.');
    expect(displayPath('/tmp/x.zip', '/work/a')).toBe('/tmp/x.zip');
  });

  it("ends package with the archive's path and size, the binary's size and architecture", () => {
    const line = packageSummary(
      { archive: '/w/orders.zip', archiveBytes: 2.4 * 1024 * 1024, binaryName: 'handler', binaryBytes: 5.5 * 1024 * 1024, goarch: 'arm64', elapsedMs: 3200 },
      '/w',
    );
    expect(line).toBe('go-handoff: wrote orders.zip (2.4 MiB): handler for linux/arm64, 5.5 MiB; 3.2 s');
  });
});

describe('progress reporter', () => {
  function fakeTerminal(isTTY: boolean) {
    let written = '';
    return { stream: { isTTY, write: (text: string) => (written += text) }, written: () => written };
  }
  const clock = () => {
    let t = 0;
    return () => (t += 1600);
  };

  it('on a terminal, shows each step while it runs, then with its time', async () => {
    const terminal = fakeTerminal(true);
    const progress = progressReporter(terminal.stream, { quiet: false, now: clock() });
    expect(await progress.step('go build (linux/arm64)', async () => 42)).toBe(42);
    expect(terminal.written()).toBe('  … go build (linux/arm64)\r\x1b[K  ✓ go build (linux/arm64) 1.6 s\n');
  });

  it('marks a failed step and passes the error on', async () => {
    const terminal = fakeTerminal(true);
    const progress = progressReporter(terminal.stream, { quiet: false, now: clock() });
    await expect(progress.step('go build', () => Promise.reject(new Error('undefined: x')))).rejects.toThrow('undefined: x');
    expect(terminal.written()).toMatch(/✗ go build 1\.6 s\n$/);
  });

  it('says nothing when not on a terminal, or with --quiet', async () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ]) {
      const terminal = fakeTerminal(isTTY);
      await progressReporter(terminal.stream, { quiet }).step('go build', async () => undefined);
      expect(terminal.written()).toBe('');
    }
  });
});
