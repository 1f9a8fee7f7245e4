// The benchmark's other pure parts: settings, the payload, /proc parsing,
// target checks and rewriting the generated part of RESULTS.md.
import { describe, expect, it } from 'vitest';

import { headlineConcurrency, readConfig } from '../../bench/config';
import { isSummary, makeOrder } from '../../bench/payload';
import { parseStat } from '../../bench/procfs';
import { parseBusyTicks } from '../../bench/quiet';
import { BEGIN, END, replaceGenerated } from '../../bench/report';
import { parseVmRss } from '../../bench/rss';

describe('readConfig', () => {
  it('defaults to 3 rounds, the sweep 1, 50, 256, and pinning on two or more CPUs', () => {
    const config = readConfig({}, 2);
    expect(config).toMatchObject({ rounds: 3, concurrencies: [1, 50, 256], payloadBytes: 65536, cpus: { load: 0, server: 1 } });
    expect(readConfig({}, 1).cpus).toBeUndefined();
  });

  it('takes BENCH_* variables and names the one it cannot use', () => {
    expect(readConfig({ BENCH_ROUNDS: '5', BENCH_CONCURRENCY: '10, 20', BENCH_PIN: '0' }, 2)).toMatchObject({ rounds: 5, concurrencies: [10, 20], cpus: undefined });
    expect(() => readConfig({ BENCH_ROUNDS: '0' }, 2)).toThrow(/BENCH_ROUNDS="0": give a whole number of at least 1/);
    expect(() => readConfig({ BENCH_CONCURRENCY: '1,x' }, 2)).toThrow(/BENCH_CONCURRENCY/);
    expect(() => readConfig({ BENCH_PIN: '1' }, 1)).toThrow(/needs two CPUs/);
  });
});

describe('makeOrder', () => {
  it('is exactly the size asked for, valid JSON, with the summary every variant must answer', () => {
    const { json, expected } = makeOrder(64 * 1024);
    expect(Buffer.byteLength(json)).toBe(65536);
    const order = JSON.parse(json) as { items: { priceCents: number; quantity: number }[] };
    expect(order.items.length).toBe(expected.count);
    expect(order.items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0)).toBe(expected.totalCents);
    expect(isSummary(JSON.stringify({ totalCents: expected.totalCents, count: expected.count }), expected)).toBe(true);
    expect(isSummary('{"count": 1}', expected)).toBe(false);
    expect(isSummary('not json', expected)).toBe(false);
  });
});

describe('/proc parsing', () => {
  it('reads the parent and CPU ticks even when the name holds spaces and parentheses', () => {
    const stat = '4242 (node (ii) x) S 4200 4242 4242 0 -1 4194560 100 0 0 0 150 30 5 2 20 0 7 0 1000 0 0';
    expect(parseStat(4242, stat)).toEqual({ pid: 4242, ppid: 4200, cpuTicks: 150 + 30 + 5 + 2 });
  });

  it('counts busy CPU time from /proc/stat, steal included, idle and iowait not', () => {
    expect(parseBusyTicks('cpu  100 2 30 5000 40 6 7 8 0 0\ncpu0 50 1 15 2500 20 3 3 4 0 0\n')).toBe(100 + 2 + 30 + 6 + 7 + 8);
  });

  it('reads VmRSS in bytes, and says so when there is none', () => {
    expect(parseVmRss('Name:\thandler\nVmRSS:\t   12288 kB\nThreads:\t5\n')).toBe(12288 * 1024);
    expect(() => parseVmRss('Name:\thandler\nState:\tZ (zombie)\n')).toThrow(/no "VmRSS/);
  });
});

describe('RESULTS.md', () => {
  it('replaces only what the last run generated, keeping the analysis around it', () => {
    const document = `# Results\n\nWhy.\n\n${BEGIN}\n\nold numbers\n\n${END}\n\n## Analysis\n\nkept\n`;
    const updated = replaceGenerated(document, 'new numbers');
    expect(updated).toBe(`# Results\n\nWhy.\n\n${BEGIN}\n\nnew numbers\n\n${END}\n\n## Analysis\n\nkept\n`);
    expect(replaceGenerated(updated, 'newer')).toContain('newer');
  });

  it('appends the generated part to a document that has none yet', () => {
    expect(replaceGenerated('# Results\n', 'numbers')).toBe(`# Results\n\n${BEGIN}\n\nnumbers\n\n${END}\n`);
  });

  it('headlines c=50 when it was measured', () => {
    expect(headlineConcurrency([1, 50, 256])).toBe(50);
    expect(headlineConcurrency([1, 8, 64])).toBe(8);
  });
});
