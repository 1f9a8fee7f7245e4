import { describe, expect, it } from 'vitest';

import { goFunctionName, withGoTargetName } from '../../src/loader/target-name';

describe('goFunctionName', () => {
  const offered = ['CreateOrder', 'Greet', 'Hello', 'hello_v2', 'lowercase'];

  it('means the Go function of the same name, else of the name with a capital first letter', () => {
    expect(goFunctionName('hello', offered)).toBe('Hello');
    expect(goFunctionName('createOrder', offered)).toBe('CreateOrder');
    expect(goFunctionName('Greet', offered)).toBe('Greet');
    expect(goFunctionName('hello_v2', offered)).toBe('hello_v2');
    // A registered functions-framework-go name may start in lower case: its own name wins.
    expect(goFunctionName('lowercase', [...offered, 'Lowercase'])).toBe('lowercase');
  });

  it('guesses nothing else: grouped names, other cases, other spellings mean no Go function', () => {
    for (const name of ['orders.create', 'ordersCreate', 'HELLO', 'createorder', 'greet ', '', 'Hello_v2']) expect(goFunctionName(name, offered), name).toBeUndefined();
    expect(goFunctionName('hello', [])).toBeUndefined();
  });
});

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
