// Reads the report `wrk --latency` prints. Pure.

export interface WrkReport {
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  latencyMs: { p50: number; p75: number; p90: number; p99: number };
  requests: number;
  /** Connect, read, write errors and timeouts, summed. */
  socketErrors: number;
  /** Answers that were not 2xx or 3xx. */
  badResponses: number;
}

// Microseconds divide (0.001 is not exact in binary: 204 * 0.001 prints 0.20400000000000001).
const TIME_UNITS: Record<string, (n: number) => number> = { us: (n) => n / 1000, ms: (n) => n, s: (n) => n * 1000, m: (n) => n * 60_000, h: (n) => n * 3_600_000 };

/** "687.00us" -> 0.687 (milliseconds). */
export function parseWrkDuration(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`wrk printed a latency of ${JSON.stringify(text)}, which is not a number followed by us, ms, s, m or h`);
  return TIME_UNITS[match[2]](Number(match[1]));
}

export function parseWrkReport(output: string): WrkReport {
  const find = (pattern: RegExp, what: string): RegExpExecArray => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`wrk's report has no ${what} (was it run with --latency?):\n${output}`);
    return match;
  };
  const percentile = (p: number) => parseWrkDuration(find(new RegExp(`^\\s*${p}%\\s+(\\S+)\\s*$`, 'm'), `${p}% latency line`)[1]);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSecond: Number(find(/^Requests\/sec:\s+([\d.]+)/m, '"Requests/sec:" line')[1]),
    latencyMs: { p50: percentile(50), p75: percentile(75), p90: percentile(90), p99: percentile(99) },
    requests: Number(find(/^\s*(\d+) requests in /m, '"requests in" line')[1]),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    badResponses: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
  };
}
