// Variant (iii): how Go usually runs on a Node.js-only host. A Node.js HTTP
// server spawns the Go binary as a subprocess and forwards every request to
// it over a unix socket, with keep-alive connections, streaming both bodies.
//
//   node proxy.js <go binary> <port>
//
// The Go SDK takes its listener from LISTEN_FDS, so the proxy makes the
// socket and passes it as fd 3. The socket lives in Linux's abstract
// namespace: Node.js unlinks a socket file when it closes its own copy of the
// listener, and it must close it, or it would accept connections itself.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';

const [binary, portText] = process.argv.slice(2);
if (!binary || !portText) {
  console.error('usage: node proxy.js <go binary> <port>');
  process.exit(2);
}
const socketPath = `\0go-handoff-bench-proxy-${process.pid}`;
const upstreamAgent = new http.Agent({ keepAlive: true });

function forward(request: http.IncomingMessage, response: http.ServerResponse): void {
  const upstream = http.request({ socketPath, agent: upstreamAgent, method: request.method, path: request.url, headers: request.headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', (error) => {
    if (response.headersSent) return response.destroy(error);
    response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`proxy: the Go process did not answer: ${error.message}\n`);
  });
  request.pipe(upstream);
}

const listener = net.createServer().listen(socketPath, () => {
  // Node.js has no public way to pass a listening socket to a child; its
  // handle's descriptor is the same one a C program would pass.
  const fd = (listener as unknown as { _handle: { fd: number } })._handle.fd;
  // The descriptors are for the process LISTEN_PID names, which a parent
  // knows only once the child runs: a shell sets it to its own pid, then
  // execs the binary, which keeps it.
  const go = spawn('/bin/sh', ['-c', 'LISTEN_PID=$$ exec "$0"', binary], {
    stdio: ['ignore', 'inherit', 'inherit', fd],
    env: { ...process.env, LISTEN_FDS: '1', LISTEN_FDNAMES: 'http' },
  });
  listener.close();
  go.on('exit', (code, signal) => {
    console.error(`proxy: the Go process exited (${signal ?? code}); stopping`);
    process.exit(1);
  });
  const stop = () => {
    go.removeAllListeners('exit');
    go.once('exit', () => process.exit(0));
    go.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  http.createServer(forward).listen(Number(portText));
});
