// The loader's module.exports: a function under every name, because the host
// asks for the entry point the user configured (functions-framework's
// --target, Lambda's index.<name>, the legacy worker's entry point) and that
// name is not known when the archive is built.
import type * as http from 'node:http';

/**
 * Names that keep their ordinary meaning: probes for promises, ES modules and
 * serializers, and what hosts use to call a function.
 */
const NOT_HANDLERS = new Set([
  'then', 'catch', 'finally', '__esModule', 'default', 'toJSON', 'inspect',
  'name', 'length', 'prototype', 'constructor', 'apply', 'call', 'bind', 'toString',
]);

/**
 * `__endpoint`, `__trigger`, `__requiredAPIs`: what firebase-functions'
 * discovery reads from each export to learn what it is. The loader is no
 * such export itself: it must not answer to them (the wrappers that export
 * it, onRequest and the rest, carry their own).
 */
function isMetadataName(property: string): boolean {
  return property.startsWith('__');
}

type Handler = (...args: unknown[]) => unknown;

/** An object (and function) whose every property, nested too, is `handler`. */
export function handlerUnderEveryName(handler: Handler): Handler {
  const proxy: Handler = new Proxy(handler, {
    get(target, property, receiver) {
      if (typeof property === 'string' && !NOT_HANDLERS.has(property) && !isMetadataName(property)) return proxy;
      return Reflect.get(target, property, receiver);
    },
    // Node.js's import() of a CommonJS module copies only the named exports
    // that are own properties (aws-lambda-ric imports index.js so, and finds
    // no function under a name that is not one): report each name as one.
    getOwnPropertyDescriptor(target, property) {
      const own = Reflect.getOwnPropertyDescriptor(target, property);
      if (own || typeof property !== 'string' || NOT_HANDLERS.has(property)) return own;
      return { value: proxy, writable: false, enumerable: false, configurable: true };
    },
  });
  return proxy;
}

export function isServerResponse(value: unknown): value is http.ServerResponse {
  return typeof value === 'object' && value !== null && typeof (value as http.ServerResponse).writeHead === 'function' && typeof (value as http.ServerResponse).end === 'function';
}
