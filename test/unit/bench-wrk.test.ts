// Reading wrk's --latency report.
import { describe, expect, it } from 'vitest';

import { parseWrkDuration, parseWrkReport } from '../../bench/load/parse-wrk';

const REPORT = `Running 1s test @ http://127.0.0.1:18083/execute
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   586.60us    1.15ms  20.90ms   92.54%
    Req/Sec    29.35k     4.33k   38.16k    80.00%
  Latency Distribution
     50%  265.00us
     75%  416.00us
     90%    1.25ms
     99%    5.45ms
  29213 requests in 1.01s, 3.29MB read
Requests/sec:  28963.91
Transfer/sec:      3.26MB
`;

describe('parseWrkReport', () => {
  it('reads requests/s, the latency percentiles in milliseconds, and the request count', () => {
    expect(parseWrkReport(REPORT)).toEqual({
      requestsPerSecond: 28963.91,
      latencyMs: { p50: 0.265, p75: 0.416, p90: 1.25, p99: 5.45 },
      requests: 29213,
      socketErrors: 0,
      badResponses: 0,
    });
  });

  it('sums socket errors and counts answers that were not 2xx or 3xx', () => {
    const troubled = REPORT.replace('Requests/sec', '  Socket errors: connect 0, read 3, write 1, timeout 12\n  Non-2xx or 3xx responses: 7\nRequests/sec');
    expect(parseWrkReport(troubled)).toMatchObject({ socketErrors: 16, badResponses: 7 });
  });

  it('says what is missing when wrk ran without --latency', () => {
    const withoutLatency = REPORT.replace(/ {2}Latency Distribution[\s\S]*?99%.*\n/, '');
    expect(() => parseWrkReport(withoutLatency)).toThrow(/no 50% latency line \(was it run with --latency\?\)/);
  });
});

describe('parseWrkDuration', () => {
  it('converts every unit wrk prints to milliseconds, exactly', () => {
    expect(parseWrkDuration('204.00us')).toBe(0.204);
    expect(parseWrkDuration('1.25ms')).toBe(1.25);
    expect(parseWrkDuration('1.40s')).toBe(1400);
    expect(parseWrkDuration('2.00m')).toBe(120_000);
  });

  it('refuses what is not a duration', () => {
    expect(() => parseWrkDuration('fast')).toThrow(/not a number followed by us, ms, s, m or h/);
  });
});
