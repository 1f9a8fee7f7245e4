import { describe, expect, it } from 'vitest';

import { COLD_VARIANTS, coldOrder, coldProbe, type ColdPaths } from '../../bench/cold-start/cold-variants';
import { COLD_BEGIN, COLD_END, type ColdSample, coldStats, coldTargets, renderColdRun } from '../../bench/cold-start/summary';
import { replaceGenerated } from '../../bench/report';

const paths: ColdPaths = {
  functionsFramework: '/ff/main.js',
  unpacked: '/fn',
  binary: '/fn/handler',
  jsDir: '/js',
  jsTarget: 'hello',
  rie: '/rie',
  nodeBootstrap: '/bootstrap.sh',
  lambdaNode: '/node22',
  lambdaRic: '/ric/index.mjs',
};

function samples(medians: Record<string, number>): ColdSample[] {
  // Three runs each, the median in the middle.
  return Object.entries(medians).flatMap(([variant, ms]) => [ms - 5, ms, ms + 50].map((value, run) => ({ run, variant: variant as ColdSample['variant'], ms: value })));
}

describe('cold-start variants', () => {
  it('starts the early hand-over as functions-framework with NODE_OPTIONS, and the Lambda ones under the emulator on loopback ports', () => {
    const byKey = Object.fromEntries(COLD_VARIANTS.map((v) => [v.key, v.launch(paths, 8001, 9001)]));
    expect(byKey.v).toMatchObject({ command: process.execPath, args: ['/ff/main.js', '--target=function', '--source=/fn', '--port=8001'], cwd: '/fn', env: { NODE_OPTIONS: '--require ./index.js' } });
    expect(byKey.ii.env.NODE_OPTIONS).toBeUndefined();
    expect(byKey['lambda-wrapper']).toMatchObject({ command: '/rie', args: ['--runtime-interface-emulator-address', '127.0.0.1:8001', '--runtime-api-address', '127.0.0.1:9001', '--log-level', 'error', '/bootstrap.sh'], env: { AWS_LAMBDA_EXEC_WRAPPER: '/fn/exec-wrapper', LAMBDA_TASK_ROOT: '/fn' } });
    expect(byKey['lambda-ric'].env.AWS_LAMBDA_EXEC_WRAPPER).toBeUndefined();
    expect(byKey['lambda-go'].args.at(-1)).toBe('/fn/handler');
  });

  it('rotates the order every run, each variant once', () => {
    expect(coldOrder(0).map((v) => v.key)).toEqual(COLD_VARIANTS.map((v) => v.key));
    expect(coldOrder(1)[0].key).toBe(COLD_VARIANTS[1].key);
    expect(new Set(coldOrder(3).map((v) => v.key)).size).toBe(COLD_VARIANTS.length);
  });

  it("accepts only the function's own answer: ok, or an API Gateway answer of ok", () => {
    const http = coldProbe(COLD_VARIANTS.find((v) => v.key === 'v')!);
    expect(http.accepts({ status: 200, body: 'ok' })).toBe(true);
    expect(http.accepts({ status: 500, body: 'go-handoff could not start' })).toBe(false);
    const lambda = coldProbe(COLD_VARIANTS.find((v) => v.key === 'lambda-go')!);
    expect(lambda.accepts({ status: 200, body: JSON.stringify({ statusCode: 200, body: 'ok' }) })).toBe(true);
    expect(lambda.accepts({ status: 200, body: JSON.stringify({ errorMessage: 'x', errorType: 'y' }) })).toBe(false);
    expect(lambda.accepts({ status: 200, body: 'not json' })).toBe(false);
  });
});

describe('cold-start summary', () => {
  const met = samples({ iv: 400, ii: 410, v: 150, i: 10, 'lambda-ric': 120, 'lambda-wrapper': 30, 'lambda-go': 22 });

  it('takes medians, and checks the targets against them', () => {
    expect(coldStats(met, 'v')).toEqual({ runs: 3, medianMs: 150, p90Ms: 190, minMs: 145 });
    expect(coldTargets(met).map((t) => [t.value, t.met])).toEqual([
      ['0.38×', true],
      ['8.00 ms', true],
    ]);
    const missed = samples({ iv: 400, ii: 410, v: 200, i: 10, 'lambda-ric': 120, 'lambda-wrapper': 50, 'lambda-go': 22 });
    expect(coldTargets(missed).map((t) => t.met)).toEqual([false, false]);
  });

  it('renders both tables with ratios to their baselines, between markers of its own', () => {
    const page = renderColdRun({ command: 'make bench-cold', startedAt: '2026-12-01T21:00:00Z', runs: 3, machine: 'a machine', samples: met });
    expect(page).toMatch(/\| \(v\) go-handoff, early hand-over .*\| 150 ms .*\| 0\.38× \(iv\) \|/);
    expect(page).toMatch(/\| exec-wrapper \(AWS_LAMBDA_EXEC_WRAPPER\), no Node\.js .*\| 30\.0 ms .*\| 1\.36× Go alone \|/);
    const document = replaceGenerated('# Benchmark results\n\n<!-- make bench: generated from here -->\nold\n<!-- make bench: generated up to here -->\n', page, COLD_BEGIN, COLD_END);
    expect(document).toContain('old');
    expect(replaceGenerated(document, 'new', COLD_BEGIN, COLD_END)).toMatch(/old[\s\S]*make bench-cold: generated from here -->\n\nnew\n\n<!-- make bench-cold/);
  });
});
