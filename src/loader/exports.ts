// The loader's module.exports: a function under every name, because the host
// asks for the entry point the user configured (functions-framework's
// --target, Lambda's index.<name>, the legacy worker's entry point) and that
// name is not known when the archive is built.
//
// Each name is a function of its own, the same one each time it is asked for
// (`go.hello === go.hello`), and the loader can tell which name any of them
// stands for (exportedName). In a codebase that requires the loader from its
// own code, that is how a JavaScript name means a Go function: the export
// that holds `go.createOrder` runs the Go function CreateOrder (codebase.ts,
// target-name.ts).
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

/** What the host calls: `name` is the dotted name it was reached by ('' for the module itself). */
export type NamedHandler = (name: string, args: unknown[]) => unknown;

type Handler = (...args: unknown[]) => unknown;

/** Each function the loader exports, and the name it stands for. */
const names = new WeakMap<object, string>();

/**
 * The module's exports: a function (calling `handler` with the name '') whose
 * every property, nested too, is a function for that name (`a.b` for
 * `exports.a.b`).
 */
export function handlerUnderEveryName(handler: NamedHandler): Handler {
  const byName = new Map<string, Handler>();
  const named = (name: string): Handler => {
    const known = byName.get(name);
    if (known) return known;
    // A function whose name is the export's, for stack traces and util.inspect.
    const call = { [name || 'goHandoff']: (...args: unknown[]) => handler(name, args) }[name || 'goHandoff'];
    const proxy: Handler = new Proxy(call, {
      get(target, property, receiver) {
        if (typeof property === 'string' && !NOT_HANDLERS.has(property) && !isMetadataName(property)) return named(name ? `${name}.${property}` : property);
        return Reflect.get(target, property, receiver);
      },
      // Node.js's import() of a CommonJS module copies only the named exports
      // that are own properties (aws-lambda-ric imports index.js so, and finds
      // no function under a name that is not one): report each name as one.
      getOwnPropertyDescriptor(target, property) {
        const own = Reflect.getOwnPropertyDescriptor(target, property);
        if (own || typeof property !== 'string' || NOT_HANDLERS.has(property) || isMetadataName(property)) return own;
        return { value: named(name ? `${name}.${property}` : property), writable: false, enumerable: false, configurable: true };
      },
    });
    byName.set(name, proxy);
    names.set(proxy, name);
    return proxy;
  };
  return named('');
}

/** The name a function the loader exports stands for ('' for the module itself); undefined for anything else. */
export function exportedName(value: unknown): string | undefined {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) ? names.get(value) : undefined;
}

export function isServerResponse(value: unknown): value is http.ServerResponse {
  return typeof value === 'object' && value !== null && typeof (value as http.ServerResponse).writeHead === 'function' && typeof (value as http.ServerResponse).end === 'function';
}
