// Runs inside a gVisor sandbox (`runsc --network=none do node sandbox-driver.cjs
// <plan>`), for test/e2e/gvisor.test.ts. The sandbox has a network stack of
// its own with loopback only, which the test outside cannot reach: so this
// script starts the host in the sandbox, talks to it over the sandbox's
// loopback, reads /proc as the sandbox shows it, and prints what it saw as
// one JSON line for the test to judge. It judges nothing itself.
//
// The plan (JSON, argv[2]):
//   launch: { command, args, cwd, env }  the host; env is added to this one's
//   port: the port the host serves
//   steps: each one of
//     { get: "/path" }                    an answer: status, X-Go-Handoff-Error, body, ms since the start
//     { exe: true }                       the host pid's /proc/<pid>/exe
//     { sigtermDuring: "/path", startedWhen: "text in stdout" }
//                                         start a request, wait for the text, SIGTERM the host, then
//                                         the answer and the host's exit status
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');

const RESULT = 'sandbox-driver result: ';
const LIMIT_MS = 45000;

const plan = JSON.parse(process.argv[2]);
const started = Date.now();
const child = spawn(plan.launch.command, plan.launch.args, {
  cwd: plan.launch.cwd,
  env: Object.assign({}, process.env, plan.launch.env),
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stdout = '';
let stderr = '';
let exit;
child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
const exited = new Promise((resolve) =>
  child.on('exit', (code, signal) => {
    exit = { code, signal };
    resolve(exit);
  }),
);

function finish(result) {
  if (!exit) child.kill('SIGKILL');
  process.stdout.write(RESULT + JSON.stringify(Object.assign({ pid: child.pid, stdout, stderr, exit: exit || null }, result)) + '\n');
  process.exit(0);
}
setTimeout(() => finish({ error: `the plan did not finish within ${LIMIT_MS} ms` }), LIMIT_MS).unref();

function request(path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: plan.port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ path, status: res.statusCode, error: res.headers['x-go-handoff-error'] || null, body, ms: Date.now() - started }));
    });
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the hand-over is over: Go says it serves, or the loader that it cannot. */
async function handedOver() {
  while (!/go-handoff: serving on|go-handoff: the Go function cannot start/.test(stdout + stderr)) {
    if (exit) throw new Error(`the host exited (${JSON.stringify(exit)}) before the hand-over was over`);
    await sleep(10);
  }
}

async function main() {
  await handedOver();
  const steps = [];
  for (const step of plan.steps) {
    if (step.get) {
      steps.push(await request(step.get));
    } else if (step.exe) {
      steps.push({ exe: fs.readlinkSync(`/proc/${child.pid}/exe`) });
    } else if (step.sigtermDuring) {
      const answer = request(step.sigtermDuring);
      while (!stdout.includes(step.startedWhen)) await sleep(10);
      child.kill('SIGTERM');
      steps.push(Object.assign(await answer, { exit: await exited }));
    }
  }
  finish({ steps });
}

main().catch((error) => finish({ error: error.stack || String(error) }));
