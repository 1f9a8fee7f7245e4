import { describe, expect, it } from 'vitest';

import { exportedName, handlerUnderEveryName, isServerResponse } from '../../src/loader/exports';

describe('handlerUnderEveryName', () => {
  const calls: { name: string; args: unknown[] }[] = [];
  const exported = handlerUnderEveryName((name, args) => {
    calls.push({ name, args });
    return args.length;
  }) as unknown as Record<string, unknown> & ((...args: unknown[]) => number);

  it('is a function under any entry point name, dotted names included, each called with its name', () => {
    for (const name of ['helloWorld', 'handler', 'function', 'execute']) {
      expect((exported[name] as (...args: unknown[]) => number)(1)).toBe(1);
      expect(calls.at(-1)).toEqual({ name, args: [1] });
    }
    const nested = (exported.orders as Record<string, unknown>).create as (...args: unknown[]) => number;
    expect(nested(1, 2)).toBe(2);
    expect(calls.at(-1)).toEqual({ name: 'orders.create', args: [1, 2] });
    expect(exported(3)).toBe(1);
    expect(calls.at(-1)).toEqual({ name: '', args: [3] });
  });

  it('gives the same function for a name each time, and tells which name any of them stands for', () => {
    expect(exported.createOrder).toBe(exported.createOrder);
    expect(exportedName(exported.createOrder)).toBe('createOrder');
    expect(exportedName((exported.orders as Record<string, unknown>).create)).toBe('orders.create');
    expect(exportedName(exported)).toBe('');
    expect((exported.createOrder as { name: string }).name).toBe('createOrder');
    for (const other of [() => 1, {}, undefined, null, 'createOrder']) expect(exportedName(other)).toBeUndefined();
  });

  it('is not mistaken for a promise or an ES module namespace', async () => {
    expect(exported.then).toBeUndefined();
    expect(exported.__esModule).toBeUndefined();
    expect(exported.default).toBeUndefined();
    await expect(Promise.resolve(exported)).resolves.toBe(exported);
    expect((exported.hello as Record<string, unknown>).then).toBeUndefined();
  });

  it("has every name as an own property, as Node.js's import() of CommonJS needs for a named export", () => {
    expect(Object.getOwnPropertyDescriptor(exported, 'handler')?.value).toBe(exported.handler);
    expect(Object.prototype.hasOwnProperty.call(exported, 'anyName')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(exported, 'then')).toBe(false);
    expect(Object.keys(exported)).toEqual([]);
  });

  it("has none of the metadata firebase-functions' discovery reads from its wrappers, under any name", () => {
    for (const value of [exported, exported.hello]) {
      const fn = value as Record<string, unknown>;
      expect(fn.__endpoint).toBeUndefined();
      expect(fn.__trigger).toBeUndefined();
      expect(fn.__requiredAPIs).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(fn, '__endpoint')).toBeUndefined();
    }
  });

  it('keeps what hosts use to call functions', () => {
    const fn = exported.hello as (...args: unknown[]) => number;
    expect(fn.call(null, 1, 2, 3)).toBe(3);
    expect(fn.apply(null, [1])).toBe(1);
    expect(calls.at(-1)?.name).toBe('hello');
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
