import { describe, expect, it } from 'vitest';

import { chooseInCodebase, hostTarget, javascriptCallFailure, startsAt } from '../../src/loader/codebase';

describe('chooseInCodebase', () => {
  const offered = ['CreateOrder', 'Hello', 'OnOrder'];

  it('hands over where the export holds a Go function, naming it by the JavaScript name the code used', () => {
    expect(chooseInCodebase({ target: 'hello', held: ['hello'], offered })).toEqual({ kind: 'go', goName: 'Hello', jsName: 'hello' });
    // The export's own name does not matter: a grouped export, or one named differently.
    expect(chooseInCodebase({ target: 'orders.create', held: ['createOrder'], offered })).toEqual({ kind: 'go', goName: 'CreateOrder', jsName: 'createOrder' });
    expect(chooseInCodebase({ target: 'api', held: ['Hello'], offered })).toEqual({ kind: 'go', goName: 'Hello', jsName: 'Hello' });
    // A binary with its own main offers no list: it serves whatever it serves.
    expect(chooseInCodebase({ target: 'hello', held: ['hello'], offered: undefined })).toEqual({ kind: 'go', goName: undefined, jsName: 'hello' });
  });

  it('stays JavaScript, quietly, where the export holds no Go function, whatever its name', () => {
    // `hello` is a JavaScript function here, though Go offers Hello: the name alone never makes a process Go.
    for (const target of ['js', 'hello', 'orders.list']) {
      expect(chooseInCodebase({ target, held: [], offered })).toEqual({ kind: 'javascript', reason: `its export holds no Go function` });
    }
    const unknown = chooseInCodebase({ target: 'hello', held: { unknown: 'the host does not say which module holds its functions' }, offered });
    expect(unknown).toEqual({ kind: 'javascript', reason: 'go-handoff could not tell whether it is Go: the host does not say which module holds its functions' });
  });

  it('refuses, loudly, an export wired to Go in a way that cannot run', () => {
    const typo = chooseInCodebase({ target: 'orders.create', held: ['createOrdr'], offered });
    expect(typo).toMatchObject({ kind: 'failure', failure: { code: 'ERR_GO_HANDOFF_WIRING' } });
    expect(typo.kind === 'failure' && typo.failure.message).toBe(
      "The function orders.create is go.createOrdr, which names no Go function: the Go code offers CreateOrder, Hello, OnOrder. A name on go-handoff's module means the Go function of that name, or of that name with a capital first letter (go.createOrder is CreateOrder).",
    );
    const nested = chooseInCodebase({ target: 'orders.create', held: ['orders.create'], offered });
    expect(nested.kind === 'failure' && nested.failure.message).toMatch(/^The function orders\.create is go\.orders\.create, which names no Go function/);
    const several = chooseInCodebase({ target: 'both', held: ['hello', 'createOrder'], offered });
    expect(several.kind === 'failure' && several.failure.message).toMatch(/^The function both holds several Go functions \(go\.hello, go\.createOrder\), and a process serves one/);
    const whole = chooseInCodebase({ target: 'api', held: [''], offered });
    expect(whole.kind === 'failure' && whole.failure.message).toMatch(/^The function api is go-handoff's module itself, which names no Go function: export the Go function by name/);
  });
});

describe('javascriptCallFailure', () => {
  it('says which JavaScript function called which Go function, and what to write instead', () => {
    const failure = javascriptCallFailure('wrapped', 'its export holds no Go function', 'helloHTTP');
    expect(failure.code).toBe('ERR_GO_HANDOFF_CALLED_FROM_JAVASCRIPT');
    expect(failure.message).toBe(
      'This process runs the JavaScript function wrapped (its export holds no Go function), and JavaScript called go.helloHTTP. ' +
        'A Go function cannot be called from JavaScript: it runs as the whole process of a function whose export holds it as it is, ' +
        'as in exports.wrapped = go.helloHTTP, or exports.wrapped = onRequest(go.helloHTTP) with firebase-functions.',
    );
  });
});

describe('hostTarget', () => {
  it("is functions-framework's --target, else FUNCTION_TARGET, else its default", () => {
    expect(hostTarget({ FUNCTION_TARGET: 'env' }, ['node', 'ff', '--target=flag'])).toBe('flag');
    expect(hostTarget({ FUNCTION_TARGET: 'orders.create' }, ['node', 'runtime.js'])).toBe('orders.create');
    expect(hostTarget({}, ['node', 'ff'])).toBe('function');
  });

  it("is Lambda's handler on Lambda", () => {
    expect(hostTarget({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001', _HANDLER: 'app.handler', FUNCTION_TARGET: 'x' }, ['node', '/var/runtime/index.mjs'])).toBe('app.handler');
  });
});

describe('startsAt', () => {
  const text = ['function wrap(handler) {', '\treturn async (req, res) => {', '\t\tawait handler(req, res);', '\t};', '}', 'function other(req) { return req; }'].join('\n');
  const arrow = 'async (req, res) => {\n\t\tawait handler(req, res);\n\t}';

  it('finds a function where the inspector says it starts: at its text, or at the parameters of `function name(`', () => {
    expect(startsAt(text, arrow, { lineNumber: 1, columnNumber: 8 })).toBe(true);
    expect(startsAt(text, 'function other(req) { return req; }', { lineNumber: 5, columnNumber: 14 })).toBe(true);
    expect(startsAt(text, 'function other(req) { return req; }', { lineNumber: 5, columnNumber: 0 })).toBe(true);
  });

  it('does not take the same text anywhere else, or text that is not there', () => {
    expect(startsAt(text, arrow, { lineNumber: 1, columnNumber: 9 })).toBe(false);
    expect(startsAt(text, arrow, { lineNumber: 2, columnNumber: 8 })).toBe(false);
    expect(startsAt(text, 'function other(req) { return req; }', { lineNumber: 5, columnNumber: 15 })).toBe(false);
    expect(startsAt(text, '(req) => req', { lineNumber: 0, columnNumber: 0 })).toBe(false);
    expect(startsAt(text, '', { lineNumber: 0, columnNumber: 0 })).toBe(false);
  });
});
