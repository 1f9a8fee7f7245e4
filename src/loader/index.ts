// index.js of function.zip. Requiring it turns this Node.js process into the
// Go binary beside it, at the moment that suits the host (host.ts), keeping
// the host's listening socket. If that cannot happen, the host keeps running
// and every request gets a 500: its cause in development, its code alone in
// production, the details logged once (failure.ts, error-detail.ts). Required by
// a codebase's own index.js beside JavaScript functions, it does so only in
// the process whose function is a Go one (deployment.ts, codebase.ts).
import type * as http from 'node:http';
import type * as net from 'node:net';

import { type HandoffAddon, loadAddon } from './addon';
import { chooseInCodebase, hostTarget, javascriptCallFailure, observeHeld } from './codebase';
import { binaryPath, readManifest } from './config';
import { type Deployment, deploymentOf, observeDeployment } from './deployment';
import { execGo } from './exec';
import { handlerUnderEveryName, isServerResponse } from './exports';
import { decideEarlyHandover, observePreload, standAside } from './early-handover';
import { errorDetail } from './error-detail';
import { currentFailure, failureError, failureFromError, failureResponseBody, type HandoffFailure, recordFailure } from './failure';
import { detectHost } from './host';
import { findInFlightRequest, type InFlight, prepareInFlightHandover, type TriggerAnswer } from './in-flight';
import { binaryToExec } from './lost-mode';
import { listenerFd, onNextListen } from './on-listen';
import { unsupportedRuntime } from './runtime-support';
import { servingDecision } from './serving';
import { threadDecision } from './worker-thread';

/** Answers still being written when a lazy hand-over must wait for them. */
const FLUSH_LIMIT_MS = 2000;

/** What a hand-over needs; oncePerProcess: from a worker thread, where only one attempt in the process may exec (worker-thread.ts). */
interface Prepared {
  addon: HandoffAddon;
  binary: string;
  oncePerProcess: boolean;
}

let ready: (Prepared & { goTarget?: string }) | undefined;
let handingOver = false;
/** Why this process stays Node.js without that being a failure to log (serving.ts). */
let standBy: HandoffFailure | undefined;
/** In a codebase, why this process runs a JavaScript function: a call to a Go function here is then a failure to log. */
let javascriptHere: { target: string; reason: string } | undefined;

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
  // Preloaded (early), index.js is the whole deployment: early-handover.ts checked.
  const deployment = early ? undefined : deploymentOf(observeDeployment(module, inFlight !== null));
  if (deployment?.kind === 'codebase') {
    serveFromCodebase(deployment, inFlight !== null);
    return;
  }
  const prepared = prepareHandover();
  if (!prepared) return;
  ready = prepared;
  switch (early ? 'early' : detectHost(process.env, inFlight !== null)) {
    case 'early': // if it cannot exec, the usual hand-over runs when the host listens
      recordFailure(execGo(prepared.addon, prepared.binary, [], 'early'));
      onNextListen(handOverListener);
      return;
    case 'lambda': {
      const failure = execGo(prepared.addon, prepared.binary, [], 'lambda', { oncePerProcess: prepared.oncePerProcess });
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

/** The checks before any hand-over, then the addon: undefined (the failure recorded) when one fails. */
function prepareHandover(): Prepared | undefined {
  const thread = threadDecision({ mainThread: onMainThread(), env: process.env });
  if (!thread.handOver) {
    recordFailure(thread.failure);
    return undefined;
  }
  const unsupported = unsupportedRuntime({ platform: process.platform, node: process.versions.node, napi: process.versions.napi });
  if (unsupported) {
    recordFailure(unsupported);
    return undefined;
  }
  const dir = __dirname;
  const runnable = binaryToExec(binaryPath(dir, readManifest(dir), process.env), process.arch);
  if ('failure' in runnable) {
    recordFailure(runnable.failure);
    return undefined;
  }
  try {
    return { addon: loadAddon(dir), binary: runnable.binary, oncePerProcess: thread.oncePerProcess };
  } catch (error) {
    recordFailure(failureFromError('ERR_GO_HANDOFF_ADDON', error));
    return undefined;
  }
}

/**
 * In a codebase, a process becomes Go only when its target's export holds a
 * Go function, known once the host has loaded the codebase and listens
 * (codebase.ts). Until then, and in every process that runs a JavaScript
 * function, nothing of go-handoff happens: no addon, no log line.
 */
function serveFromCodebase(deployment: Extract<Deployment, { kind: 'codebase' }>, requiredInsideRequest: boolean): void {
  const debug = (require('node:util') as typeof import('node:util')).debuglog('go-handoff');
  const target = hostTarget(process.env, process.argv);
  const stay = (reason: string) => {
    javascriptHere = { target, reason };
    debug(`pid ${process.pid} stays Node.js, running the JavaScript function ${target}: ${reason} (a codebase: ${deployment.reason})`);
  };
  if (process.env.AWS_LAMBDA_RUNTIME_API) {
    stay(`on Lambda a function is Go when its handler (_HANDLER) is go-handoff's own index.js, and this one's is ${process.env._HANDLER}`);
    return;
  }
  if (requiredInsideRequest) {
    stay('this host loaded the codebase inside a request; in a codebase the hand-over happens when the host starts to listen');
    return;
  }
  onNextListen((server) => {
    let held: ReturnType<typeof observeHeld>;
    try {
      held = observeHeld(deployment.hostModule, target);
    } catch (error) {
      // The codebase's exports are its own: a getter that throws must not take the host down.
      held = { unknown: `reading its export failed (${(error as Error)?.message})` };
    }
    const choice = chooseInCodebase({ target, held, offered: readManifest(__dirname).functions });
    if (choice.kind === 'javascript') return stay(choice.reason);
    if (choice.kind === 'failure') return recordFailure(choice.failure);
    const prepared = prepareHandover();
    if (!prepared) return;
    ready = { ...prepared, goTarget: choice.goName };
    handOverListener(server);
  });
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
  recordFailure(execGo(ready.addon, ready.binary, [{ fd, name: 'http' }], 'functions-framework', { goTarget: ready.goTarget }));
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

/** Why a call reached the loader in a process that stays Node.js, if it does. */
function failureForCall(name: string): HandoffFailure | undefined {
  if (javascriptHere && !currentFailure()) recordFailure(javascriptCallFailure(javascriptHere.target, javascriptHere.reason, name));
  return currentFailure() ?? standBy;
}

/** What the host calls as the function (`name`: the name it was reached by): only ever reached when Go has not taken over. */
function handler(name: string, args: unknown[]): unknown {
  const response = args[1];
  if (!isServerResponse(response)) {
    // Event-style signatures: the host reports a thrown error as a failed invocation.
    const failure = failureForCall(name);
    throw failure ? failureError(failure, errorDetail(process.env)) : new Error('go-handoff: the Go function has not taken over this process yet');
  }
  if (response.writableEnded) return undefined; // the request that triggered the hand-over: already answered
  const failure = failureForCall(name);
  if (failure) {
    const body = failureResponseBody(failure, errorDetail(process.env));
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
