// For hosts that require the function before their server listens
// (functions-framework): run a callback the moment the next server starts
// listening, before Node.js can accept a single connection on it.
import * as net from 'node:net';

/**
 * Arms a one-shot hook on net.Server.prototype.listen. The callback runs in
 * the server's 'listening' event, right after the host's own listen callback
 * (registered first, inside listen), so the host's start-up lines still print. Node only accepts
 * connections from the event loop's poll phase, so none has been accepted
 * yet: they wait in the kernel's backlog for whoever holds the socket next.
 */
export function onNextListen(callback: (server: net.Server) => void): void {
  const proto = net.Server.prototype;
  const original = proto.listen;
  proto.listen = function listen(this: net.Server, ...args: unknown[]) {
    proto.listen = original;
    const result = (original as (...a: unknown[]) => net.Server).apply(this, args);
    // Node emits 'listening' on a later tick, never from inside listen().
    this.prependOnceListener('listening', () => callback(this));
    return result;
  } as typeof original;
}

/** The descriptor of a listening server, when it has one of its own. */
export function listenerFd(server: net.Server): number | undefined {
  const fd = (server as unknown as { _handle?: { fd?: number } | null })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
