// The load of `make bench-lambda`: `concurrency` callers, each invoking the
// function through the emulator's invoke endpoint again as soon as its last
// invocation is answered (a closed loop, as wrk's connections are), for a
// given time.
//
// AWS's emulator does not queue invocations on Lambda Managed Instances: one
// that arrives when no runtime waits in GET /next is refused at once
// (400, Runtime.Unavailable). A runtime whose loops post an answer and then
// poll again (go-handoff's, aws-lambda-go's) is, between the two, briefly
// not waiting, and the caller that just got its answer may already be back.
// So a refused invocation is sent again after RETRY_MS, and counted as a
// retry; its latency runs from its first attempt, so that the time a runtime
// takes to be ready again is paid where it belongs. (Sent again at once, the
// retries of 64 callers kept the emulator's core busy answering refusals,
// and the runtime's own calls waited behind them.) aws-lambda-ric keeps a
// poll open in each worker thread that is not busy, and is refused less.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface InvokeLoad {
  port: number;
  concurrency: number;
  seconds: number;
  /** The event, as JSON. */
  payload: string;
  /** Checks one answer's body; returns why it is wrong, or undefined. */
  check(body: string): string | undefined;
}

export interface InvokeReport {
  /** Invocations answered right within the time. */
  invocations: number;
  seconds: number;
  perSecond: number;
  /** Latency of each right answer, from its first attempt, in milliseconds. */
  latenciesMs: number[];
  /** Attempts refused with Runtime.Unavailable and sent again. */
  retries: number;
  /** Wrong answers, other statuses, and failed connections. */
  errors: number;
  /** The first error, to say what went wrong. */
  firstError?: string;
}

const UNAVAILABLE = 'Runtime.Unavailable';
/** The pause before a refused invocation is sent again: about what Lambda's frontend would take to route it again. */
export const RETRY_MS = 1;

export async function runInvokeLoad(load: InvokeLoad): Promise<InvokeReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.concurrency });
  const report: InvokeReport = { invocations: 0, seconds: load.seconds, perSecond: 0, latenciesMs: [], retries: 0, errors: 0 };
  const started = performance.now();
  const end = started + load.seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      const first = performance.now();
      for (;;) {
        const answer = await post(agent, load.port, load.payload).catch((error: Error) => ({ status: 0, body: error.message }));
        if (answer.status === 400 && answer.body.includes(UNAVAILABLE)) {
          report.retries++;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
        const wrong = answer.status === 200 ? load.check(answer.body) : `${answer.status} ${answer.body}`;
        if (wrong !== undefined) {
          report.errors++;
          report.firstError ??= wrong;
          // A runtime that fails at once must not spin the loop.
          await new Promise((resolve) => setTimeout(resolve, 10));
        } else if (performance.now() <= end) {
          report.invocations++;
          report.latenciesMs.push(performance.now() - first);
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, caller));
  agent.destroy();
  report.seconds = (performance.now() - started) / 1000;
  report.perSecond = report.invocations / report.seconds;
  return report;
}

function post(agent: http.Agent, port: number, payload: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/2015-03-31/functions/function/invocations', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
