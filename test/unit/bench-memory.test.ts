import { describe, expect, it } from 'vitest';

import { churnProbe, MEMORY_VARIANTS, memoryOrder } from '../../bench/memory/memory-variants';
import { MEMORY_BEGIN, MEMORY_END, type MemorySample, memoryStats, memoryTargets, pairedRatio, renderMemoryRun } from '../../bench/memory/summary';
import { replaceGenerated } from '../../bench/report';

const MiB = 2 ** 20;

/** Three runs: the limit costs a fifth of the requests and keeps the peak near 200 MiB. */
const samples: MemorySample[] = [0, 1, 2].flatMap((run) => [
  { run, variant: 'none' as const, requestsPerSecond: 10 + run, p50Ms: 90, p99Ms: 120, peakRssBytes: (310 + run) * MiB, endRssBytes: 300 * MiB, errors: 0, foreignCores: 0.1 },
  { run, variant: 'limit' as const, requestsPerSecond: (10 + run) * 0.8, p50Ms: 110, p99Ms: 150, peakRssBytes: (200 + 10 * run) * MiB, endRssBytes: 190 * MiB, errors: 0, foreignCores: 0.2 },
]);

describe('memory bench', () => {
  it('clears whatever could give Go a limit, and signals a 256 MiB instance as the buildpack does', () => {
    const [none, limit] = MEMORY_VARIANTS.map((v) => v.launch('/ff/main.js', '/fn', 8001));
    expect(none).toMatchObject({ command: process.execPath, args: ['/ff/main.js', '--target=function', '--source=/fn', '--port=8001'], cwd: '/fn' });
    expect(none.env).toEqual({ GOMEMLIMIT: undefined, NODE_OPTIONS: undefined, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: undefined, FUNCTION_MEMORY_MB: undefined, GO_HANDOFF_MAX_OLD_SPACE_SIZE: undefined });
    expect(limit.env?.NODE_OPTIONS).toBe('--max-old-space-size=192');
    expect(memoryOrder(1).map((v) => v.key)).toEqual(['limit', 'none']);
    expect(churnProbe.accepts({ status: 200, body: 'churned 800 MiB with 150 MiB live (0)\n' })).toBe(true);
    expect(churnProbe.accepts({ status: 500, body: 'go-handoff could not start' })).toBe(false);
  });

  it('takes medians, the highest peak, and ratios run by run', () => {
    expect(memoryStats(samples, 'limit')).toMatchObject({ runs: 3, requestsPerSecond: 8.8, peakRssBytes: 210 * MiB, highestPeakRssBytes: 220 * MiB });
    expect(pairedRatio(samples, (s) => s.requestsPerSecond)).toBeCloseTo(0.8);
    expect(memoryTargets(samples).map((t) => t.met)).toEqual([true, true]);
    const over = samples.map((s) => (s.variant === 'limit' && s.run === 2 ? { ...s, peakRssBytes: 260 * MiB } : s));
    expect(memoryTargets(over)[0]).toMatchObject({ value: '260.0 MiB', met: false });
  });

  it('writes its section between its own markers', () => {
    const page = renderMemoryRun({ command: 'make bench-memory', startedAt: '2026-12-03T10:00:00Z', machine: 'a machine', runs: 3, seconds: 10, connections: 1, pinned: true, samples });
    expect(page).toMatch(/^## Go's memory limit \(`make bench-memory`, 2026-12-03T10:00:00Z\)/);
    expect(page).toContain("| 256 MiB instance: NODE_OPTIONS=--max-old-space-size=192, Go's limit 192 MiB | 3 | 8.8 | 0.80× | 150 | 210.0 MiB | 220.0 MiB | 0.68× | 190.0 MiB | 0 |");
    expect(page).toContain('| peak RSS with the limit, highest run | 220.0 MiB | < 256 MiB | met |');
    const document = replaceGenerated('# Benchmark results\n', page, MEMORY_BEGIN, MEMORY_END);
    expect(replaceGenerated(document, 'again', MEMORY_BEGIN, MEMORY_END)).toBe(`# Benchmark results\n\n${MEMORY_BEGIN}\n\nagain\n\n${MEMORY_END}\n`);
  });
});
