// A pass-through between a Lambda runtime and AWS's emulator's Runtime API:
// every call goes on unchanged, and the recorder notes who made it (the
// User-Agent: aws-lambda-ric's native client, or go-handoff's Go side) and
// how many GET /next polls are open at the moment. Long polls are fine:
// nothing here times out.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  userAgent: string;
  /** When it arrived (Date.now()). */
  at: number;
}

export class RuntimeApiCallRecorder {
  readonly calls: RecordedCall[] = [];
  /** GET /next calls waiting for an invocation now. */
  openPolls = 0;
  private readonly agent = new http.Agent({ keepAlive: true });

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: string,
  ) {}

  /** Listens on a free loopback port, forwarding to upstream (host:port). */
  static async start(upstream: string): Promise<RuntimeApiCallRecorder> {
    const server = http.createServer();
    const recorder = new RuntimeApiCallRecorder(server, upstream);
    server.on('request', (req, res) => recorder.forward(req, res));
    // The next invocation may be minutes away.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return recorder;
  }

  /** host:port, for AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The calls to path's end (e.g. "/invocation/next"). */
  callsTo(suffix: string): RecordedCall[] {
    return this.calls.filter((call) => call.path.endsWith(suffix));
  }

  /** Resolves once at least n GET /next polls are open at once. */
  async pollsOpen(n: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.openPolls < n) {
      if (Date.now() > deadline) throw new Error(`${this.openPolls} GET /next polls open after ${timeoutMs} ms; want ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const poll = req.method === 'GET' && req.url!.endsWith('/invocation/next');
    this.calls.push({ method: req.method!, path: req.url!, userAgent: req.headers['user-agent'] ?? '', at: Date.now() });
    let counted = false;
    let over = false;
    const done = () => {
      if (counted) this.openPolls--;
      counted = false;
      over = true;
    };
    const [host, port] = this.upstream.split(':');
    const out = http.request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers, agent: this.agent }, (answer) => {
      done(); // the invocation (or the answer to a post) is on its way back
      res.writeHead(answer.statusCode!, answer.rawHeaders);
      answer.pipe(res);
    });
    out.on('error', (error) => {
      done();
      res.destroy(error);
    });
    res.on('close', () => {
      // The runtime gave up the call (a Go loop stops its polls): so does the recorder.
      if (!res.writableFinished) {
        done();
        out.destroy();
      }
    });
    // Open once the emulator has all of it.
    out.on('finish', () => {
      if (poll && !over) {
        this.openPolls++;
        counted = true;
      }
    });
    req.pipe(out);
  }
}
