// A pass-through recorder between a Lambda runtime and the Runtime API it
// polls: it forwards every byte both ways as it comes, and keeps what the
// runtime sent, with the time each piece arrived. AWS's emulator reads a
// streamed answer whole before it gives it to the caller, so only here, on
// the wire, can a test see when each chunk of an answer left the runtime.
//
// The runtime reaches it through AWS_LAMBDA_RUNTIME_API, which
// test/hosts/lambda-via-recorder.sh points here (LambdaEmulator.start's
// `route` option), or test/hosts/managed-instances-namespace.sh
// (ManagedInstances' `recorder: 'wire'`). The runtime-api-call-recorder.ts
// beside it records calls only, not bytes: light enough for a benchmark.
import * as net from 'node:net';

/** A chunk of a chunked body, and when its last byte arrived (ms since the epoch, as Go's time.Now().UnixMilli()). */
export interface WireChunk {
  data: Buffer;
  at: number;
}

/** One request the runtime sent, as far as it has arrived. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Header names in lower case; repeated ones joined with ", ". */
  headers: Record<string, string>;
  /** Whether the body came chunked (Transfer-Encoding: chunked). */
  chunked: boolean;
  /** The chunks as they came, without the last, empty one; a body with a Content-Length is one. */
  chunks: WireChunk[];
  body: Buffer;
  /** The trailers after the last chunk, names in lower case. */
  trailers: Record<string, string>;
  /** Whether the whole request has arrived. */
  complete: boolean;
}

interface Piece {
  end: number; // offset after the piece's last byte in the connection's stream
  at: number;
}

/** What one connection carried from the runtime. */
class Inbound {
  private readonly pieces: Buffer[] = [];
  private readonly times: Piece[] = [];
  private length = 0;

  add(data: Buffer): void {
    this.pieces.push(data);
    this.length += data.length;
    this.times.push({ end: this.length, at: Date.now() });
  }

  /** When the byte at offset arrived. */
  arrival(offset: number): number {
    return this.times.find((piece) => offset < piece.end)!.at;
  }

  requests(): RecordedRequest[] {
    return parseRequests(Buffer.concat(this.pieces), (offset) => this.arrival(offset));
  }
}

export class RuntimeApiRecorder {
  private readonly connections: Inbound[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    /** host:port, for AWS_LAMBDA_RUNTIME_API. */
    readonly address: string,
  ) {}

  /** Listens on a free loopback port and forwards to target (host:port). */
  static async start(target: string): Promise<RuntimeApiRecorder> {
    const [host, port] = splitAddress(target);
    let recorder: RuntimeApiRecorder | undefined;
    const server = net.createServer((client) => recorder!.forward(client, host, port));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    recorder = new RuntimeApiRecorder(server, `127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    running.add(recorder);
    return recorder;
  }

  private forward(client: net.Socket, host: string, port: number): void {
    const inbound = new Inbound();
    this.connections.push(inbound);
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.on('data', (data: Buffer) => {
      inbound.add(data);
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => client.write(data));
    // A half-close passes through; an error or a close ends both sides.
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Every request the runtime sent so far, connection by connection, in order. */
  requests(): RecordedRequest[] {
    return this.connections.flatMap((connection) => connection.requests());
  }

  /**
   * Resolves once the runtime has sent n GET /next polls whole; fails after
   * timeoutMs. Before any invocation, a poll sent is a poll that waits.
   */
  async pollsSent(n: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const polls = () => this.requests().filter((request) => request.complete && request.method === 'GET' && request.path.endsWith('/invocation/next')).length;
    while (polls() < n) {
      if (Date.now() > deadline) throw new Error(`the runtime sent ${polls()} GET /next polls in ${timeoutMs} ms, not ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The posts of the answer (or the error) of the invocation requestId. */
  posts(requestId: string, kind: 'response' | 'error' = 'response'): RecordedRequest[] {
    return this.requests().filter((request) => request.method === 'POST' && request.path === `/2018-06-01/runtime/invocation/${encodeURIComponent(requestId)}/${kind}`);
  }

  async close(): Promise<void> {
    running.delete(this);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const running = new Set<RuntimeApiRecorder>();

/** For afterEach: no recorder outlives its test. */
export async function stopAllRecorders(): Promise<void> {
  await Promise.all([...running].map((recorder) => recorder.close()));
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

const CRLF = Buffer.from('\r\n');

/**
 * Parses HTTP/1.1 requests from the bytes of one connection, as far as they
 * have arrived; arrival gives the time of the byte at an offset.
 */
export function parseRequests(bytes: Buffer, arrival: (offset: number) => number): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const headEnd = bytes.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) break;
    const [requestLine, ...headerLines] = bytes.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const [method, path] = requestLine.split(' ');
    const headers = parseFields(headerLines);
    const request: RecordedRequest = { method, path, headers, chunked: /\bchunked\b/i.test(headers['transfer-encoding'] ?? ''), chunks: [], body: Buffer.alloc(0), trailers: {}, complete: false };
    requests.push(request);
    offset = headEnd + 4;
    if (request.chunked) {
      const parsed = parseChunks(bytes, offset, arrival, request);
      if (parsed < 0) break;
      offset = parsed;
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (offset + length > bytes.length) break;
      if (length > 0) request.chunks.push({ data: bytes.subarray(offset, offset + length), at: arrival(offset + length - 1) });
      offset += length;
    }
    request.body = Buffer.concat(request.chunks.map((chunk) => chunk.data));
    request.complete = true;
  }
  for (const request of requests) if (!request.complete) request.body = Buffer.concat(request.chunks.map((chunk) => chunk.data));
  return requests;
}

/** Reads a chunked body and its trailers into request; the offset after them, or -1 when they have not all arrived. */
function parseChunks(bytes: Buffer, start: number, arrival: (offset: number) => number, request: RecordedRequest): number {
  let offset = start;
  for (;;) {
    const lineEnd = bytes.indexOf(CRLF, offset);
    if (lineEnd < 0) return -1;
    const size = parseInt(bytes.subarray(offset, lineEnd).toString('latin1').split(';')[0].trim(), 16);
    if (Number.isNaN(size)) throw new Error(`a chunk's size line is not hexadecimal: ${JSON.stringify(bytes.subarray(offset, lineEnd).toString('latin1'))}`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size + 2 > bytes.length) return -1;
    request.chunks.push({ data: bytes.subarray(offset, offset + size), at: arrival(offset + size - 1) });
    offset += size + 2;
  }
  const end = bytes.indexOf('\r\n\r\n', offset - 2);
  if (end < 0) return -1;
  request.trailers = parseFields(bytes.subarray(offset, end).toString('latin1').split('\r\n').filter((line) => line !== ''));
  return end + 4;
}

function parseFields(lines: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    fields[name] = name in fields ? `${fields[name]}, ${value}` : value;
  }
  return fields;
}
