import { describe, expect, it } from 'vitest';

import { withGoTargetName } from '../../src/loader/target-name';

describe('withGoTargetName', () => {
  const offered = ['Greet', 'Hello', 'hello_v2'];
  const FIREBASE_CONFIG = '{"projectId":"demo-test"}';

  it("serves a Firebase export's Go function: its own name, else the same name with a capital first letter", () => {
    expect(withGoTargetName({ FIREBASE_CONFIG, FUNCTION_TARGET: 'hello' }, offered)).toEqual({ FIREBASE_CONFIG, FUNCTION_TARGET: 'hello', GO_HANDOFF_TARGET: 'Hello' });
    expect(withGoTargetName({ FIREBASE_CONFIG, FUNCTION_TARGET: 'Hello' }, offered)).toEqual({ FIREBASE_CONFIG, FUNCTION_TARGET: 'Hello' });
    expect(withGoTargetName({ FIREBASE_CONFIG, FUNCTION_TARGET: 'hello_v2' }, offered)).toEqual({ FIREBASE_CONFIG, FUNCTION_TARGET: 'hello_v2' });
    // functions-framework's --target, if Firebase's runtime passes one, goes through the same rule.
    expect(withGoTargetName({ FIREBASE_CONFIG, GO_HANDOFF_TARGET: 'greet', FUNCTION_TARGET: 'greet' }, offered)).toMatchObject({ GO_HANDOFF_TARGET: 'Greet' });
  });

  it('names functions exactly off Firebase, as Cloud Functions does', () => {
    expect(withGoTargetName({ FUNCTION_TARGET: 'hello' }, offered)).toEqual({ FUNCTION_TARGET: 'hello' });
    expect(withGoTargetName({ GO_HANDOFF_TARGET: 'greet' }, offered)).toEqual({ GO_HANDOFF_TARGET: 'greet' });
  });

  it("leaves a name that means nothing for the Go side's message, and archives that list no functions", () => {
    expect(withGoTargetName({ FIREBASE_CONFIG, FUNCTION_TARGET: 'nope' }, offered)).toEqual({ FIREBASE_CONFIG, FUNCTION_TARGET: 'nope' });
    expect(withGoTargetName({ FIREBASE_CONFIG, FUNCTION_TARGET: 'hello' }, undefined)).toEqual({ FIREBASE_CONFIG, FUNCTION_TARGET: 'hello' });
    expect(withGoTargetName({ FIREBASE_CONFIG }, offered)).toEqual({ FIREBASE_CONFIG });
  });
});
