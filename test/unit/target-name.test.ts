import { describe, expect, it } from 'vitest';

import { withGoTargetName } from '../../src/loader/target-name';

describe('withGoTargetName', () => {
  const offered = ['Greet', 'Hello', 'hello_v2'];

  it("serves a Firebase export's Go function: its own name, else the same name with a capital first letter", () => {
    expect(withGoTargetName({ FUNCTION_TARGET: 'hello' }, offered)).toEqual({ FUNCTION_TARGET: 'hello', GO_HANDOFF_TARGET: 'Hello' });
    expect(withGoTargetName({ FUNCTION_TARGET: 'Hello' }, offered)).toEqual({ FUNCTION_TARGET: 'Hello' });
    expect(withGoTargetName({ FUNCTION_TARGET: 'hello_v2' }, offered)).toEqual({ FUNCTION_TARGET: 'hello_v2' });
    // functions-framework's --target goes through the same rule.
    expect(withGoTargetName({ GO_HANDOFF_TARGET: 'greet', FUNCTION_TARGET: 'x' }, offered)).toEqual({ GO_HANDOFF_TARGET: 'Greet', FUNCTION_TARGET: 'x' });
  });

  it("leaves a name that means nothing for the Go side's message, and archives that list no functions", () => {
    expect(withGoTargetName({ FUNCTION_TARGET: 'nope' }, offered)).toEqual({ FUNCTION_TARGET: 'nope' });
    expect(withGoTargetName({ FUNCTION_TARGET: 'hello' }, undefined)).toEqual({ FUNCTION_TARGET: 'hello' });
    expect(withGoTargetName({}, offered)).toEqual({});
  });
});
