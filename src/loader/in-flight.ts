// For lazy-loading hosts, which require the function inside a request while
// their server is already listening: find that request, answer it the way the
// legacy worker contract expects, and decide what becomes of every other
// connection so that none is left hanging or dropped.
import * as asyncHooks from 'node:async_hooks';
import type * as http from 'node:http';
import * as net from 'node:net';

import type { InheritedFd } from './addon';

/** Node's server-side socket, with the internals this file reads. */
interface ServerSocket extends net.Socket {
  server?: net.Server;
  _httpMessage?: http.ServerResponse | null;
  _handle?: { fd?: number } | null;
}

export interface InFlight {
  server: net.Server;
  /** The response to the request inside which we were required. */
  response: http.ServerResponse;
}

/** The legacy worker's answer to /load, as cloud-functions-go gave it. */
export const READY_BODY = 'User function is ready\n';

/**
 * The request we are being required inside of, if any. The async context
 * names it when the host requires us from its request handler; otherwise
 * (required after an await, say) the one response still unsent decides,
 * preferring a /load request when there are several.
 */
export function findInFlightRequest(): InFlight | null {
  // executionAsyncResource came with Node.js 12.17 and 13.9.
  const resource = asyncHooks.executionAsyncResource?.() as { socket?: ServerSocket } | undefined;
  const fromContext = resource?.socket;
  if (fromContext && pendingResponse(fromContext) && fromContext.server) {
    return { server: fromContext.server, response: pendingResponse(fromContext)! };
  }
  const pending = activeSockets().filter((s) => s.server && pendingResponse(s));
  const chosen = pending.find((s) => pendingResponse(s)!.req?.url?.startsWith('/load')) ?? (pending.length === 1 ? pending[0] : undefined);
  return chosen ? { server: chosen.server!, response: pendingResponse(chosen)! } : null;
}

function pendingResponse(socket: ServerSocket): http.ServerResponse | null {
  const response = socket._httpMessage;
  return response && !response.writableEnded ? response : null;
}

/**
 * Node keeps no public list of a server's connections; the active handles
 * include every socket that is reading, which is every open HTTP connection.
 */
function activeSockets(): ServerSocket[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((h): h is ServerSocket => h instanceof net.Socket && !h.destroyed);
}

function fdOf(socket: ServerSocket): number | undefined {
  const fd = socket._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/** What to hand over, once every answer is written. */
export interface InFlightHandover {
  fds: InheritedFd[];
  /** Answers that did not fit in the kernel's send buffer yet; exec only after they flush. */
  unflushed: http.ServerResponse[];
}

/** How to answer the request that triggered the hand-over. */
export type TriggerAnswer =
  /** The legacy worker contract: the request that loaded the function gets 200 "User function is ready". */
  | 'ready'
  /** An ordinary request that reached the loader before the hand-over: 503, retry. */
  | 'retry';

const RETRY_BODY = 'The function is starting: retry this request.\n';

/**
 * Answers the triggering request (then closes its connection), answers other
 * requests Node was in the middle of (503 and Retry-After: the function is
 * replacing the server that received them), and lists every descriptor for
 * the Go side:
 *  - the listening socket, "http";
 *  - connections Node accepted but read nothing from, or that sit idle
 *    between keep-alive requests, "conn": Go serves them;
 *  - connections just answered, "finish": Go reads what the client still
 *    sends and closes them cleanly, so that no reset can destroy the answer.
 */
export function prepareInFlightHandover(inFlight: InFlight, trigger: TriggerAnswer): InFlightHandover | string {
  const listenerFd = fdOf(inFlight.server as unknown as ServerSocket);
  if (listenerFd === undefined) return 'the server that received the request has no listening descriptor (is it a pipe or cluster worker?)';
  const fds: InheritedFd[] = [{ fd: listenerFd, name: 'http' }];
  const unflushed: http.ServerResponse[] = [];
  const answer = (response: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}) => {
    endWith(response, status, body, extra);
    const socket = response.socket as ServerSocket | null;
    if (socket && socket.writableLength > 0) unflushed.push(response);
    const fd = socket ? fdOf(socket) : undefined;
    if (fd !== undefined) fds.push({ fd, name: 'finish' });
  };

  const triggerSocket = inFlight.response.socket;
  if (trigger === 'ready') answer(inFlight.response, 200, READY_BODY);
  else answer(inFlight.response, 503, RETRY_BODY, { 'Retry-After': '0' });
  for (const socket of activeSockets()) {
    if (socket === triggerSocket || socket.server !== inFlight.server) continue;
    const response = pendingResponse(socket);
    if (response) {
      answer(response, 503, RETRY_BODY, { 'Retry-After': '0' });
      continue;
    }
    const fd = fdOf(socket);
    if (fd !== undefined) fds.push({ fd, name: 'conn' });
  }
  return { fds, unflushed };
}

function endWith(response: http.ServerResponse, status: number, body: string, extra: Record<string, string>): void {
  if (!response.headersSent) {
    response.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      // The connection goes to Go only to be closed: the client must not send more on it.
      Connection: 'close',
      ...extra,
    });
  }
  response.end(body);
}
