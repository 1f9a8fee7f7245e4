import { describe, expect, it } from 'vitest';

import { chooseArchive, formatOfName } from '../../src/package/archive-format';

describe('archive format', () => {
  it('defaults to function.zip, or names the file after --format', () => {
    expect(chooseArchive(undefined, undefined)).toEqual({ format: 'zip', output: 'function.zip' });
    expect(chooseArchive(undefined, 'tar.gz')).toEqual({ format: 'tar.gz', output: 'function.tar.gz' });
  });

  it("takes the format from the output's name when --format is not given", () => {
    expect(formatOfName('a/orders.tgz')).toBe('tar.gz');
    expect(chooseArchive('orders.tar.gz', undefined)).toEqual({ format: 'tar.gz', output: 'orders.tar.gz' });
    expect(chooseArchive('orders.bin', undefined)).toEqual({ format: 'zip', output: 'orders.bin' });
    expect(chooseArchive('orders.bin', 'tar.gz')).toEqual({ format: 'tar.gz', output: 'orders.bin' });
  });

  it('writes a folder with --format dir, named as given', () => {
    expect(chooseArchive('functions/handoff', 'dir')).toEqual({ format: 'dir', output: 'functions/handoff' });
    expect(chooseArchive(undefined, 'dir')).toEqual({ format: 'dir', output: 'function' });
    expect(chooseArchive('handoff.zip', 'dir')).toMatchObject({ error: expect.stringMatching(/writes a folder/) });
  });

  it('refuses an unknown format, and a name that contradicts --format', () => {
    expect(chooseArchive(undefined, 'rar')).toEqual({ error: '--format must be zip, tar.gz or dir, not "rar"' });
    expect(chooseArchive('orders.zip', 'tar.gz')).toMatchObject({ error: expect.stringMatching(/does not match the output's name orders.zip/) });
  });
});
