// namesInClosures with Node's real inspector, over a library and a codebase
// written to files and loaded by Node's own require, so that the functions
// have the places in their files the inspector reports. The library wraps
// handlers the way firebase-functions does (a trace wrapper around an init
// wrapper around an error handler, a cors block, an event trigger's .run).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { namesInClosures } from '../../src/loader/closures';
import { startsAt } from '../../src/loader/codebase';
import { exportedName, handlerUnderEveryName } from '../../src/loader/exports';

const LIBRARY = `'use strict';
function wrapTrace(handler) {
  return (...args) => handler.apply(null, args);
}
function withInit(func) {
  return async (...args) => func(...args);
}
function withErrorHandler(handler) {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      res.statusCode = 500;
    }
  };
}
function onRequest(opts, handler) {
  if (arguments.length === 1) {
    handler = opts;
    opts = {};
  }
  handler = withErrorHandler(handler);
  if ('cors' in opts) {
    const userProvidedHandler = handler;
    handler = (req, res) => userProvidedHandler(req, res);
  }
  handler = wrapTrace(withInit(handler));
  handler.__endpoint = { httpsTrigger: {} };
  return handler;
}
function onEvent(topic, handler) {
  const func = (raw) => withInit(handler)(raw);
  func.run = handler;
  func.__endpoint = { eventTrigger: { topic } };
  return func;
}
module.exports = { onRequest, onEvent };
`;

// The codebase: Go functions as they should be exported, and JavaScript
// functions that hold or call Go functions in ways that must not count.
const CODEBASE = `'use strict';
const { onRequest, onEvent } = require('./library.js');
function withAuth(h) {
  return (req, res) => h(req, res);
}
function copiedWrapTrace(handler) {
  return (...args) => handler.apply(null, args);
}
module.exports = (go) => {
  const kept = go.kept;
  return {
    hello: onRequest(go.hello),
    cors: onRequest({ cors: true }, go.createOrder),
    event: onEvent('orders', go.onOrder),
    plain: go.greet,
    js: onRequest((req, res) => res.end('js')),
    callsGo: onRequest((req, res) => kept(req, res)),
    wrapped: onRequest(withAuth(go.secret)),
    copied: onRequest(copiedWrapTrace(go.copied)),
    two: onEvent('t', onRequest(go.hello)),
  };
};
`;

let dir: string;
let exported: Record<string, Function>;
let search: Parameters<typeof namesInClosures>[1];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-closures-'));
  fs.writeFileSync(path.join(dir, 'library.js'), LIBRARY);
  fs.writeFileSync(path.join(dir, 'index.js'), CODEBASE);
  const load = createRequire(path.join(dir, 'index.js'));
  const go = handlerUnderEveryName(() => undefined);
  exported = (load('./index.js') as (go: unknown) => Record<string, Function>)(go);
  search = { nameOf: exportedName, mayLookInside: (source, location) => startsAt(LIBRARY, source, location) };
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('namesInClosures', () => {
  it("finds the Go function inside the library's wrappers, cors block and event .run included", () => {
    expect(namesInClosures([exported.hello], search)).toEqual(['hello']);
    expect(namesInClosures([exported.cors], search)).toEqual(['createOrder']);
    expect(namesInClosures([exported.event], search)).toEqual(['onOrder']);
    expect(namesInClosures([exported.plain], search)).toEqual(['greet']);
    // Nested library wrappers: each one is looked into.
    expect(namesInClosures([exported.two], search)).toEqual(['hello']);
  });

  it('finds nothing in JavaScript functions, nor through code of the codebase that holds or calls a Go function', () => {
    expect(namesInClosures([exported.js], search)).toEqual([]);
    // Its scope is the codebase's, where `kept` (go.kept) lives: never looked into.
    expect(namesInClosures([exported.callsGo], search)).toEqual([]);
    // JavaScript of the codebase's own around a Go function: JavaScript.
    expect(namesInClosures([exported.wrapped], search)).toEqual([]);
    // The library's text, written again in the codebase: not the library's code.
    expect(namesInClosures([exported.copied], search)).toEqual([]);
  });

  it('leaves no trace: no global, and a later search works the same', () => {
    expect(Object.getOwnPropertySymbols(globalThis).map(String)).not.toContain('Symbol(go-handoff.closure-probe)');
    expect(namesInClosures([exported.hello, exported.event], search).sort()).toEqual(['hello', 'onOrder']);
  });
});
