// index.js of function.zip. Requiring it turns this Node.js process into the
// Go binary beside it, at the moment that suits the host (host.ts), keeping
// the host's listening socket. If that cannot happen, the host keeps running
// and every request gets a 500 that names the cause (failure.ts).
import type * as http from 'node:http';
import type * as net from 'node:net';

import { type HandoffAddon, loadAddon } from './addon';
import { binaryPath, readManifest } from './config';
import { execGo } from './exec';
import { diagnoseExecutable, readExecutableFacts } from './executable';
import { handlerUnderEveryName, isServerResponse } from './exports';
import { decideEarlyHandover, observePreload, standAside } from './early-handover';
import { currentFailure, failureFromError, failureFromProblem, failureResponseBody, type HandoffFailure, recordFailure } from './failure';
import { detectHost } from './host';
import { findInFlightRequest, type InFlight, prepareInFlightHandover, type TriggerAnswer } from './in-flight';
import { listenerFd, onNextListen } from './on-listen';
import { unsupportedRuntime } from './runtime-support';
import { servingDecision } from './serving';
import { threadDecision } from './worker-thread';

/** Answers still being written when a lazy hand-over must wait for them. */
const FLUSH_LIMIT_MS = 2000;

let ready: { addon: HandoffAddon; binary: string } | undefined;
let handingOver = false;
/** Why this process stays Node.js without that being a failure to log (serving.ts). */
let standBy: HandoffFailure | undefined;

/** Node.js before 11.7 has no worker_threads module without a flag: then this is the main thread. */
function onMainThread(): boolean {
  try {
    return (require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread;
  } catch {
    return true;
  }
}

function start(early: boolean): void {
  const inFlight = findInFlightRequest();
  const serving = servingDecision({ env: process.env, argv: process.argv, requiredInsideRequest: inFlight !== null });
  if (!serving.serve) {
    if (serving.quiet) standBy = serving.failure;
    else recordFailure(serving.failure);
    return;
  }
  const thread = threadDecision({ mainThread: onMainThread(), env: process.env });
  if (!thread.handOver) {
    recordFailure(thread.failure);
    return;
  }
  const unsupported = unsupportedRuntime({ platform: process.platform, node: process.versions.node, napi: process.versions.napi });
  if (unsupported) {
    recordFailure(unsupported);
    return;
  }
  const dir = __dirname;
  const binary = binaryPath(dir, readManifest(dir), process.env);
  const problem = diagnoseExecutable(binary, readExecutableFacts(binary), process.arch);
  if (problem) {
    recordFailure(failureFromProblem(problem));
    return;
  }
  let addon: HandoffAddon;
  try {
    addon = loadAddon(dir);
  } catch (error) {
    recordFailure(failureFromError('ERR_GO_HANDOFF_ADDON', error));
    return;
  }
  ready = { addon, binary };
  switch (early ? 'early' : detectHost(process.env, inFlight !== null)) {
    case 'early': // if it cannot exec, the usual hand-over runs when the host listens
      recordFailure(execGo(addon, binary, [], 'early'));
      onNextListen(handOverListener);
      return;
    case 'lambda': {
      const failure = execGo(addon, binary, [], 'lambda', { oncePerProcess: thread.oncePerProcess });
      // Another worker's attempt failed so, and logged it already.
      if (failure.earlierAttempt) standBy = failure;
      else recordFailure(failure);
      return;
    }
    case 'lazy':
      handOverInFlight(inFlight!, 'ready');
      return;
    case 'functions-framework':
      onNextListen(handOverListener);
      return;
  }
}

function handOverListener(server: net.Server): void {
  if (!ready || handingOver) return;
  const fd = listenerFd(server);
  const info = fd === undefined ? undefined : ready.addon.describeFd(fd);
  if (fd === undefined || !info?.listening) {
    recordFailure({
      code: 'ERR_GO_HANDOFF_NO_LISTENER',
      message: `The host's server has no listening socket of its own to hand over (fd ${fd ?? 'none'}). go-handoff needs a host whose server listens in this process, such as functions-framework.`,
    });
    return;
  }
  handingOver = true;
  recordFailure(execGo(ready.addon, ready.binary, [{ fd, name: 'http' }], 'functions-framework'));
  handingOver = false;
}

function handOverInFlight(inFlight: InFlight, trigger: TriggerAnswer): void {
  if (!ready || handingOver) return;
  const handover = prepareInFlightHandover(inFlight, trigger);
  if (typeof handover === 'string') {
    recordFailure({ code: 'ERR_GO_HANDOFF_NO_LISTENER', message: `Cannot hand over: ${handover}.` });
    return;
  }
  handingOver = true;
  const exec = () => {
    recordFailure(execGo(ready!.addon, ready!.binary, handover.fds, 'lazy'));
    handingOver = false;
  };
  if (handover.unflushed.length === 0) {
    exec();
    return;
  }
  // Rare: an answer did not fit in the socket's send buffer. Exec once the
  // kernel holds all of it (exec would otherwise drop what Node still buffers).
  let waiting = handover.unflushed.length;
  const timer = setTimeout(exec, FLUSH_LIMIT_MS);
  for (const response of handover.unflushed) {
    response.once('finish', () => {
      if (--waiting === 0) {
        clearTimeout(timer);
        exec();
      }
    });
  }
}

/** What the host calls as the function: only ever reached when Go has not taken over. */
function handler(...args: unknown[]): unknown {
  const response = args[1];
  if (!isServerResponse(response)) {
    // Event-style signatures: the host reports a thrown error as a failed invocation.
    const failure = currentFailure() ?? standBy;
    throw new Error(failure ? failureResponseBody(failure) : 'go-handoff: the Go function has not taken over this process yet');
  }
  if (response.writableEnded) return undefined; // the request that triggered the hand-over: already answered
  const failure = currentFailure() ?? standBy;
  if (failure) {
    const body = failureResponseBody(failure);
    response.writeHead(500, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Go-Handoff-Error': failure.code,
    });
    response.end(body);
    return undefined;
  }
  const server = (response.socket as (net.Socket & { server?: net.Server }) | null)?.server;
  if (server && !handingOver) {
    // The host's server was listening before we were loaded, though not from
    // inside a request: hand over now, from this one.
    handOverInFlight({ server, response: response as http.ServerResponse }, 'retry');
    return undefined;
  }
  // A request that arrived while answers of a lazy hand-over were flushing.
  response.writeHead(503, { 'Retry-After': '0', Connection: 'close', 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('The function is starting: retry this request.\n');
  return undefined;
}

const early = decideEarlyHandover(observePreload(module, onMainThread()));
if (early.kind === 'stand-aside') standAside(module, early.reason);
else start(early.kind === 'serve');

export = handlerUnderEveryName(handler);
