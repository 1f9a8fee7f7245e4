// A lazy-loading worker, modelled on the first Cloud Functions Node.js
// workers (and OpenWhisk's /init): its server listens before the function is
// loaded, and the first request (the supervisor's /load) requires the
// function's module from inside the request handler. Requests then go to the
// function's entry point.
//
//   node lazy-host.cjs <function folder> <port>
'use strict';
const http = require('http');
const path = require('path');

const [dir, port] = process.argv.slice(2);
const entryPoint = process.env.ENTRY_POINT || 'helloWorld';
let userFunction;

const server = http.createServer((req, res) => {
  if (!userFunction) {
    // go-handoff's loader answers this request and execs here when it can.
    userFunction = require(path.join(dir, 'index.js'))[entryPoint];
    console.log(`lazy host: loaded ${entryPoint} during ${req.method} ${req.url}`);
    if (req.url === '/load') {
      if (!res.writableEnded) res.end('User function is ready\n');
      return;
    }
  }
  userFunction(req, res);
});

server.listen(Number(port), () => console.log(`lazy host: listening on ${port}`));
