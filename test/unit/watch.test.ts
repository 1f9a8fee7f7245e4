import { describe, expect, it } from 'vitest';

import { describeChanges, hostGoArch } from '../../src/serve/serve-folder';
import { isSourceChange } from '../../src/serve/watch-sources';

describe('serve --watch', () => {
  it('rebuilds for what the build copies, not for hidden files, editors\' scratch files or archives', () => {
    for (const file of ['main.go', 'go.mod', 'go.sum', 'internal/db/db.go', 'static/index.html']) expect(isSourceChange(file), file).toBe(true);
    for (const file of ['.git/index', '.idea/workspace.xml', 'node_modules/x/y.js', 'main.go~', '.main.go.swp', 'main.go.swp', '4913', 'function.zip', 'orders.tar.gz', ''])
      expect(isSourceChange(file), file).toBe(false);
  });

  it('names what changed, briefly', () => {
    expect(describeChanges(['main.go'])).toBe('main.go');
    expect(describeChanges(['go.mod', 'main.go'])).toBe('go.mod and main.go');
    expect(describeChanges(['a.go', 'b.go', 'c.go'])).toBe('a.go and 2 more files');
  });

  it("builds for this machine's architecture", () => {
    expect(hostGoArch('x64')).toBe('amd64');
    expect(hostGoArch('arm64')).toBe('arm64');
    expect(() => hostGoArch('s390x')).toThrow(/amd64 and arm64 only, not s390x/);
  });
});
