// A raw TCP connection to a host, for the tests that must see the wire:
// what arrived, and when the server closed its side.
import * as net from 'node:net';

/**
 * A raw connection: what it received, when the server ended its side (a
 * FIN, or a reset), and when the connection closed.
 */
export function rawConnection(port: number) {
  // Half-open: the server's FIN after its answer must not close our side.
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  let received = '';
  let closedAt: number | undefined;
  let endedAt: number | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {}); // a reset at the bound is expected; 'close' follows
  const ended = new Promise<void>((resolve) => {
    const end = () => {
      endedAt ??= Date.now();
      resolve();
    };
    socket.on('end', end);
    socket.on('close', end);
  });
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closedAt = Date.now();
      resolve();
    }),
  );
  return {
    socket,
    received: () => received,
    ended,
    endedAt: () => endedAt,
    closed,
    closedAt: () => closedAt,
    async waitFor(text: string, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!received.includes(text)) {
        if (Date.now() > deadline || closedAt !== undefined) throw new Error(`never received ${JSON.stringify(text)}; got ${JSON.stringify(received.slice(0, 300))}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
