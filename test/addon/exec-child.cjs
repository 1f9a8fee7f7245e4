// Runs one scenario of the addon's exec() inside a real Node.js process with
// a listening server, printing JSON lines the test reads. The addon's path
// comes in GO_HANDOFF_ADDON.
//
//   node exec-child.cjs succeed   exec /bin/sh, which reports what it inherited
//   node exec-child.cjs fail      exec a missing file, then show that nothing changed
'use strict';
const fs = require('fs');
const http = require('http');
const net = require('net');

const addon = require(process.env.GO_HANDOFF_ADDON);
const scenario = process.argv[2];

function fdTable() {
  return fs
    .readdirSync('/proc/self/fd')
    .map(Number)
    .sort((a, b) => a - b)
    .map((fd) => addon.describeFd(fd))
    .filter((d) => d.open);
}

const server = http.createServer((req, res) => res.end('node is still serving\n'));
server.listen(0, '127.0.0.1', () => {
  const fd = server._handle.fd;
  // An accepted connection, to hand over as a second descriptor.
  const client = net.connect(server.address().port, '127.0.0.1');
  server.once('connection', (accepted) => {
    const conn = accepted._handle.fd;
    console.log(JSON.stringify({ pid: process.pid, listener: fd, conn, port: server.address().port }));
    if (scenario === 'succeed') {
      const report = [
        'echo "{\\"pid\\": $$, \\"listenFds\\": \\"$LISTEN_FDS\\", \\"listenPid\\": \\"$LISTEN_PID\\", \\"names\\": \\"$LISTEN_FDNAMES\\"}"',
        'for f in /proc/$$/fd/*; do echo "fd ${f##*/} $(readlink $f)"; done',
        'echo "fdinfo1 $(grep flags /proc/$$/fdinfo/1)"',
        'echo "$(grep SigBlk /proc/$$/status)"',
      ].join('; ');
      addon.exec('/bin/sh', ['sh', '-c', report], { ...process.env, LISTEN_FDS: '99', OTHER: 'kept' }, [
        { fd, name: 'http' },
        { fd: conn, name: 'conn' },
      ]);
    } else {
      const before = fdTable();
      let error;
      try {
        addon.exec('/nonexistent/handler', ['handler'], process.env, [{ fd, name: 'http' }, { fd: conn, name: 'conn' }]);
      } catch (e) {
        error = { message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, isError: e instanceof Error };
      }
      const after = fdTable();
      http.get({ port: server.address().port, host: '127.0.0.1', path: '/' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          console.log(JSON.stringify({ error, before, after, body }));
          process.exit(0);
        });
      });
    }
    void client;
  });
});
