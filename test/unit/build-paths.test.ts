import { describe, expect, it } from 'vitest';

import { rewriteBuildPaths, workDirFor } from '../../src/compile/build-paths';

describe('workDirFor', () => {
  it('is stable for a folder, distinct across folders and architectures, and outside the folder', () => {
    expect(workDirFor('/src/fn', 'amd64', '/tmp')).toBe(workDirFor('/src/fn/', 'amd64', '/tmp'));
    expect(workDirFor('/src/fn', 'amd64', '/tmp')).not.toBe(workDirFor('/src/other', 'amd64', '/tmp'));
    expect(workDirFor('/src/fn', 'amd64', '/tmp')).not.toBe(workDirFor('/src/fn', 'arm64', '/tmp'));
    expect(workDirFor('/src/fn', 'amd64', '/tmp').startsWith('/tmp/')).toBe(true);
  });
});

describe('rewriteBuildPaths', () => {
  it('names files by their place in the function folder', () => {
    const text = '# function\n./main.go:5:2: undefined: x\n/tmp/w/1/lib/a.go:1:1: oops';
    expect(rewriteBuildPaths(text, '/tmp/w/1', '/home/me/fn', '/home/me')).toBe('# function\nfn/main.go:5:2: undefined: x\n/home/me/fn/lib/a.go:1:1: oops');
    // Not below the current folder: absolute, never ../../..
    expect(rewriteBuildPaths('./main.go:1:1: x', '/tmp/w/1', '/srv/fn', '/home/me')).toBe('/srv/fn/main.go:1:1: x');
  });
});
