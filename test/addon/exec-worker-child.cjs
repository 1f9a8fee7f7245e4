// Runs one scenario of the addon's exec() from Node.js worker threads, as
// aws-lambda-ric calls it on Lambda Managed Instances, printing JSON lines
// the test reads. The addon's path comes in GO_HANDOFF_ADDON; block-signals.cc,
// built, in BLOCK_SIGNALS_HELPER.
//
//   node exec-worker-child.cjs state     a worker whose thread state differs from the main
//                                        thread's execs /bin/sh, which reports what it inherited
//   node exec-worker-child.cjs race      several workers exec at once, once per process: one wins
//   node exec-worker-child.cjs fail-once several workers exec a missing file at once, once per
//                                        process: one tries, the others get its failure; then the
//                                        main thread, not once per process, still may
//   node exec-worker-child.cjs restore   a worker's failed exec puts its thread state back
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');

const addon = require(process.env.GO_HANDOFF_ADDON);
/** The kernel's id of the calling thread. */
function threadId() {
  return Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
}

/** A line of the calling thread's /proc status. */
function statusField(name) {
  const line = fs.readFileSync('/proc/thread-self/status', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  return line.slice(name.length + 1).trim();
}

/** Makes the calling worker thread unlike the main thread in every way the addon resets. */
function makeThisThreadDifferent() {
  const tid = threadId();
  const cpus = os.cpus().length;
  if (cpus > 1) execFileSync('taskset', ['-p', '-c', String(cpus - 1), String(tid)], { stdio: 'ignore' });
  os.setPriority(0, 7); // 0: the calling thread, on Linux
  fs.writeFileSync(`/proc/${tid}/timerslack_ns`, '123456');
  try {
    process.dlopen({ exports: {} }, process.env.BLOCK_SIGNALS_HELPER); // every signal blocked, SIGUSR2 pending
  } catch {
    // "did not self-register": it is no Node.js module, and its constructor has run
  }
  return {
    tid,
    cpus: statusField('Cpus_allowed_list'),
    nice: os.getPriority(0),
    timerSlack: fs.readFileSync(`/proc/${tid}/timerslack_ns`, 'utf8').trim(),
    pending: statusField('SigPnd'),
    blocked: statusField('SigBlk'),
  };
}

// What the program that replaced Node.js was given, as JSON (field 19 of stat is the nice value).
const REPORT = `
field() { grep "^$1:" /proc/$$/status | cut -f2; }
set -- $(cat /proc/$$/stat)
printf '{"pid": %s, "blocked": "%s", "pending": "%s", "cpus": "%s", "nice": %s, "timerSlack": "%s"}\\n' \\
  $$ "$(field SigBlk)" "$(field SigPnd)" "$(field Cpus_allowed_list)" "\${19}" "$(cat /proc/$$/timerslack_ns)"
`;

function inWorker() {
  const { scenario, index, start } = workerData;
  const before = scenario === 'state' || scenario === 'restore' ? makeThisThreadDifferent() : undefined;
  if (start) Atomics.wait(new Int32Array(start), 0, 0); // all workers at once
  const announce = `worker ${index} becomes the program\n`;
  try {
    if (scenario === 'fail-once' || scenario === 'restore') {
      addon.exec('/nonexistent/handler', ['handler'], process.env, [], { oncePerProcess: scenario === 'fail-once', announce });
    } else {
      addon.exec('/bin/sh', ['sh', '-c', REPORT], process.env, [], { oncePerProcess: true, announce });
    }
  } catch (e) {
    const after = scenario === 'restore'
      ? { cpus: statusField('Cpus_allowed_list'), nice: os.getPriority(0), timerSlack: fs.readFileSync(`/proc/${before.tid}/timerslack_ns`, 'utf8').trim(), pending: statusField('SigPnd'), blocked: statusField('SigBlk') }
      : undefined;
    parentPort.postMessage({ index, error: { code: e.code, syscall: e.syscall, earlierAttempt: e.earlierAttempt === true }, before, after });
  }
}

function inMain() {
  const scenario = process.argv[2];
  const workers = scenario === 'race' || scenario === 'fail-once' ? 6 : 1;
  console.log(JSON.stringify({
    pid: process.pid,
    main: { cpus: statusField('Cpus_allowed_list'), nice: os.getPriority(0), timerSlack: fs.readFileSync('/proc/self/timerslack_ns', 'utf8').trim() },
  }));
  const start = workers > 1 ? new SharedArrayBuffer(4) : undefined;
  const reports = [];
  let ready = 0;
  for (let index = 0; index < workers; index++) {
    const worker = new Worker(__filename, { workerData: { scenario, index, start } });
    worker.on('online', () => {
      if (start && ++ready === workers) {
        // Let them all go together, once each has had time to reach the wait.
        setTimeout(() => {
          Atomics.store(new Int32Array(start), 0, 1);
          Atomics.notify(new Int32Array(start), 0);
        }, 200);
      }
    });
    worker.on('message', (report) => {
      reports.push(report);
      if (reports.length < workers) return;
      console.log(JSON.stringify({ reports: reports.sort((a, b) => a.index - b.index) }));
      if (scenario === 'fail-once') {
        // Not once per process: the main thread may still try.
        addon.exec('/bin/sh', ['sh', '-c', 'echo "{\\"mainExec\\": $$}"'], process.env, []);
      }
      process.exit(0);
    });
  }
}

if (isMainThread) inMain();
else inWorker();
