import { describe, expect, it } from 'vitest';

import { handlerUnderEveryName, isServerResponse } from '../../src/loader/exports';

describe('handlerUnderEveryName', () => {
  const handler = (...args: unknown[]) => args.length;
  const exported = handlerUnderEveryName(handler) as unknown as Record<string, unknown>;

  it('is the handler under any entry point name, dotted names included', () => {
    for (const name of ['helloWorld', 'handler', 'function', 'execute']) expect(typeof exported[name]).toBe('function');
    const nested = (exported.a as Record<string, unknown>).b as (...args: unknown[]) => number;
    expect(nested(1, 2)).toBe(2);
  });

  it('is not mistaken for a promise or an ES module namespace', () => {
    expect(exported.then).toBeUndefined();
    expect(exported.__esModule).toBeUndefined();
    expect(exported.default).toBeUndefined();
    expect(Promise.resolve(exported)).resolves.toBe(exported);
  });

  it("has every name as an own property, as Node.js's import() of CommonJS needs for a named export", () => {
    expect(Object.getOwnPropertyDescriptor(exported, 'handler')?.value).toBe(exported);
    expect(Object.prototype.hasOwnProperty.call(exported, 'anyName')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(exported, 'then')).toBe(false);
    expect(Object.keys(exported)).toEqual([]);
  });

  it("has none of the metadata firebase-functions' discovery reads from its wrappers", () => {
    expect(exported.__endpoint).toBeUndefined();
    expect(exported.__trigger).toBeUndefined();
    expect(exported.__requiredAPIs).toBeUndefined();
  });

  it('keeps what hosts use to call functions', () => {
    const fn = exported as unknown as (...args: unknown[]) => number;
    expect(fn.call(null, 1, 2, 3)).toBe(3);
    expect(fn.apply(null, [1])).toBe(1);
    expect(typeof exported.name).toBe('string');
  });
});

describe('isServerResponse', () => {
  it('recognises what functions-framework and Node pass as the response', () => {
    expect(isServerResponse({ writeHead() {}, end() {} })).toBe(true);
    expect(isServerResponse({ data: 'an event' })).toBe(false);
    expect(isServerResponse(undefined)).toBe(false);
  });
});
