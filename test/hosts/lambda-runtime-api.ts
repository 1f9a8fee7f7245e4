// An emulator of the AWS Lambda Runtime API (version 2018-06-01), the HTTP
// API a Lambda runtime polls for events and posts answers to, following the
// published reference (docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):
//
//   GET  /2018-06-01/runtime/invocation/next              200, the event; a long poll
//   POST /2018-06-01/runtime/invocation/{id}/response     202; 400 unknown id; 413 too large
//   POST /2018-06-01/runtime/invocation/{id}/error        202; 400 unknown id
//   POST /2018-06-01/runtime/init/error                   202; 403 once an event was handed out
//
// Tests queue invocations with invoke() and get back what the runtime
// posted. Anything the runtime does that the protocol does not allow is
// answered as Lambda would and noted in `violations`.
//
// The Lambda tests run under AWS's own emulator, aws-lambda-rie
// (test/helpers/lambda-rie.ts), wherever it serves. This one stays for what
// aws-lambda-rie cannot do (test/e2e/lambda.test.ts's header lists the tests):
//   - a deadline per invocation: aws-lambda-rie has one timeout for every
//     invocation, from AWS_LAMBDA_FUNCTION_TIMEOUT, in whole seconds;
//   - an invoked ARN with a qualifier, and the X-Ray trace header: it builds
//     the ARN from the function's name and never sends Lambda-Runtime-Trace-Id;
//   - a response limit other than its 6 MB, to test 413 quickly;
//   - telling a test what the runtime posted: the answer's Content-Type, the
//     init error's body and Lambda-Runtime-Function-Error-Type, how many
//     times it asked for the next event, and calls the protocol does not
//     allow (`violations`);
//   - serving a runtime process the test starts itself (lambda-loader.test.ts
//     requires index.js from `node -e`): aws-lambda-rie starts its own.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

const PREFIX = '/2018-06-01/runtime';

/** Lambda's limit for a synchronous invocation's answer. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

export interface InvokeOptions {
  requestId?: string;
  /** The deadline, from now (Lambda-Runtime-Deadline-Ms); 30 s unless said. */
  timeoutMs?: number;
  functionArn?: string;
  /** Lambda-Runtime-Trace-Id, the X-Ray header. */
  traceId?: string;
  /** Lambda-Runtime-Client-Context and -Cognito-Identity, sent as JSON when given. */
  clientContext?: unknown;
  cognitoIdentity?: unknown;
}

/** The body of the error endpoints. */
export interface ErrorReport {
  errorMessage: string;
  errorType: string;
  stackTrace?: string[];
}

export type InvocationResult =
  | { outcome: 'response'; requestId: string; deadlineMs: number; body: Buffer; contentType: string | undefined }
  | { outcome: 'error'; requestId: string; deadlineMs: number; report: ErrorReport; errorTypeHeader: string | undefined; raw: string };

interface Pending {
  requestId: string;
  deadlineMs: number;
  headers: Record<string, string>;
  payload: Buffer;
  resolve: (result: InvocationResult) => void;
}

export class RuntimeApiEmulator {
  /** What the runtime did that the protocol does not allow. */
  readonly violations: string[] = [];
  /** How many times the runtime asked for the next event. */
  nextCalls = 0;
  /** Resolves with the first init error the runtime posts. */
  readonly initError: Promise<{ report: ErrorReport; errorTypeHeader: string | undefined }>;

  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<string, Pending>();
  private readonly answered = new Set<string>();
  private waiting: http.ServerResponse | undefined;
  private handedOut = 0;
  private resolveInitError!: (value: { report: ErrorReport; errorTypeHeader: string | undefined }) => void;
  private readonly pollers: (() => void)[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly maxResponseBytes: number,
  ) {
    this.initError = new Promise((resolve) => (this.resolveInitError = resolve));
    server.on('request', (req, res) => this.route(req, res));
  }

  static async start(options: { maxResponseBytes?: number } = {}): Promise<RuntimeApiEmulator> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RuntimeApiEmulator(server, options.maxResponseBytes ?? MAX_RESPONSE_BYTES);
  }

  /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Queues an invocation; resolves with what the runtime posted for it. */
  invoke(payload: unknown, options: InvokeOptions = {}): Promise<InvocationResult> {
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const requestId = options.requestId ?? randomUUID();
    const deadlineMs = Date.now() + (options.timeoutMs ?? 30_000);
    const headers: Record<string, string> = {
      'Lambda-Runtime-Aws-Request-Id': requestId,
      'Lambda-Runtime-Deadline-Ms': String(deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': options.functionArn ?? 'arn:aws:lambda:us-east-1:123456789012:function:emulated',
      'Lambda-Runtime-Trace-Id': options.traceId ?? `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=53995c3f42cd8ad8;Sampled=1`,
    };
    if (options.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = JSON.stringify(options.clientContext);
    if (options.cognitoIdentity !== undefined) headers['Lambda-Runtime-Cognito-Identity'] = JSON.stringify(options.cognitoIdentity);
    return new Promise((resolve) => {
      this.queue.push({ requestId, deadlineMs, headers, payload: body, resolve });
      this.handOut();
    });
  }

  /** Resolves once the runtime is waiting for an event (it has started). */
  polling(): Promise<void> {
    if (this.waiting) return Promise.resolve();
    return new Promise((resolve) => this.pollers.push(resolve));
  }

  async close(): Promise<void> {
    this.waiting?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    const path = url.startsWith(PREFIX) ? url.slice(PREFIX.length) : undefined;
    const invocation = path === undefined ? null : /^\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method === 'GET' && path === '/invocation/next') return this.next(res);
    if (req.method === 'POST' && path === '/init/error') return void this.readBody(req, res, (body) => this.initErrorPosted(req, res, body));
    if (req.method === 'POST' && invocation) {
      const requestId = decodeURIComponent(invocation[1]);
      return void this.readBody(req, res, (body) => (invocation[2] === 'response' ? this.responsePosted(req, res, requestId, body) : this.errorPosted(req, res, requestId, body)));
    }
    this.violations.push(`${req.method} ${url}: no such endpoint`);
    answer(res, 404, { errorMessage: `${req.method} ${url} is not part of the Runtime API`, errorType: 'NotFound' });
  }

  private next(res: http.ServerResponse): void {
    this.nextCalls++;
    if (this.waiting) {
      this.violations.push('GET next while another GET next was waiting');
      answer(res, 400, { errorMessage: 'another request for the next invocation is already waiting', errorType: 'InvalidRequest' });
      return;
    }
    for (const [requestId, pending] of this.inFlight) {
      // The runtime moved on without answering: Lambda would time the invocation out.
      this.violations.push(`GET next before invocation ${requestId} was answered`);
      this.inFlight.delete(requestId);
      pending.resolve({ outcome: 'error', requestId, deadlineMs: pending.deadlineMs, report: { errorMessage: 'the runtime asked for the next invocation without answering this one', errorType: 'Emulator.Unanswered' }, errorTypeHeader: undefined, raw: '' });
    }
    this.waiting = res;
    // The runtime went away (it exited, or exec closed its sockets) while waiting.
    res.on('close', () => {
      if (this.waiting === res) this.waiting = undefined;
    });
    for (const resolve of this.pollers.splice(0)) resolve();
    this.handOut();
  }

  private handOut(): void {
    const res = this.waiting;
    if (!res || this.queue.length === 0) return;
    const pending = this.queue.shift()!;
    this.waiting = undefined;
    this.inFlight.set(pending.requestId, pending);
    this.handedOut++;
    res.writeHead(200, { ...pending.headers, 'Content-Type': 'application/json', 'Content-Length': String(pending.payload.length) });
    res.end(pending.payload);
  }

  private responsePosted(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, body: Buffer): void {
    const pending = this.open(res, requestId, 'response');
    if (!pending) return;
    if (body.length > this.maxResponseBytes) {
      // The invocation stays open: the runtime may still post its error.
      answer(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${this.maxResponseBytes} bytes).`, errorType: 'RequestEntityTooLarge' });
      return;
    }
    this.close202(res, pending);
    pending.resolve({ outcome: 'response', requestId, deadlineMs: pending.deadlineMs, body, contentType: req.headers['content-type'] });
  }

  private errorPosted(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, body: Buffer): void {
    const pending = this.open(res, requestId, 'error');
    if (!pending) return;
    const raw = body.toString('utf8');
    let report: ErrorReport;
    try {
      report = JSON.parse(raw) as ErrorReport;
    } catch {
      this.violations.push(`the error of ${requestId} is not JSON: ${raw.slice(0, 200)}`);
      report = { errorMessage: raw, errorType: 'Emulator.NotJSON' };
    }
    this.close202(res, pending);
    pending.resolve({ outcome: 'error', requestId, deadlineMs: pending.deadlineMs, report, errorTypeHeader: headerOf(req, 'lambda-runtime-function-error-type'), raw });
  }

  private initErrorPosted(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    if (this.handedOut > 0) {
      this.violations.push('init/error after an invocation was handed out');
      answer(res, 403, { errorMessage: 'the runtime is past its initialization', errorType: 'InvalidStateTransition' });
      return;
    }
    let report: ErrorReport;
    try {
      report = JSON.parse(body.toString('utf8')) as ErrorReport;
    } catch {
      report = { errorMessage: body.toString('utf8'), errorType: 'Emulator.NotJSON' };
    }
    answer(res, 202, { status: 'OK' });
    this.resolveInitError({ report, errorTypeHeader: headerOf(req, 'lambda-runtime-function-error-type') });
  }

  /** The invocation an answer is for, or a 400 when there is none to answer. */
  private open(res: http.ServerResponse, requestId: string, what: string): Pending | undefined {
    const pending = this.inFlight.get(requestId);
    if (!pending) {
      this.violations.push(`${what} for ${this.answered.has(requestId) ? 'already answered' : 'unknown'} invocation ${requestId}`);
      answer(res, 400, { errorMessage: `Invalid request ID: ${requestId}`, errorType: 'InvalidRequestID' });
    }
    return pending;
  }

  private close202(res: http.ServerResponse, pending: Pending): void {
    this.inFlight.delete(pending.requestId);
    this.answered.add(pending.requestId);
    answer(res, 202, { status: 'OK' });
  }

  private readBody(req: http.IncomingMessage, res: http.ServerResponse, then: (body: Buffer) => void): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => then(Buffer.concat(chunks)));
    req.on('error', () => res.destroy());
  }
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
