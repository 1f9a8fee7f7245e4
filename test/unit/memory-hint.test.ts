import { describe, expect, it } from 'vitest';

import { memoryHint } from '../../src/loader/memory-hint';

describe('memoryHint', () => {
  it("passes on node's command-line --max-old-space-size, the last one, in V8's spellings", () => {
    expect(memoryHint(['--max-old-space-size=192'])).toEqual({ GO_HANDOFF_MAX_OLD_SPACE_SIZE: '192' });
    expect(memoryHint(['--enable-source-maps', '--max_old_space_size=448', '--max-old-space-size', '960'])).toEqual({ GO_HANDOFF_MAX_OLD_SPACE_SIZE: '960' });
  });

  it('passes nothing without one', () => {
    expect(memoryHint([])).toEqual({});
    expect(memoryHint(['--max-semi-space-size=64', '--require', './index.js'])).toEqual({});
  });
});
