// Waits until something accepts TCP connections on a loopback port.
import * as net from 'node:net';

export async function waitForPort(port: number, options: { timeoutMs: number; host?: string; gaveUp?: () => string | undefined }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await canConnect(port, options.host ?? '127.0.0.1')) return;
    const reason = options.gaveUp?.();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`nothing answered on port ${port} within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
