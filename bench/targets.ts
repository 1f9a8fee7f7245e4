// The targets, checked against a run. Pure.
import { coldStartRatio, loadRatio, pairStats, rssRatio } from './aggregate';
import type { BuildFacts } from './build-facts';
import { headlineConcurrency } from './config';
import type { Samples } from './samples';

export interface TargetCheck {
  target: string;
  measured: number;
  /** How to print measured and limit. */
  unit: 'x' | 'MB' | 's';
  limit: number;
  /** 'min': measured must be at least limit; 'max': at most. */
  bound: 'min' | 'max';
  met: boolean;
}

function check(target: string, measured: number, bound: 'min' | 'max', limit: number, unit: TargetCheck['unit'] = 'x'): TargetCheck {
  // NaN (nothing measured) is never met.
  const met = bound === 'min' ? measured >= limit : measured <= limit;
  return { target, measured, unit, limit, bound, met };
}

export function checkTargets(samples: Samples, facts: BuildFacts, concurrencies: number[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const concurrency of concurrencies) {
    const key = { scenario: 'hello', concurrency };
    checks.push(
      check(`(ii)/(i) requests/s, c=${concurrency}`, loadRatio(samples.load, key, 'rps', 'ii', 'i'), 'min', 0.97),
      check(`(ii)/(i) p99 latency, c=${concurrency}`, loadRatio(samples.load, key, 'p99', 'ii', 'i'), 'max', 1.05),
      check(`(ii)/(iii) requests/s, c=${concurrency}`, loadRatio(samples.load, key, 'rps', 'ii', 'iii'), 'min', 6),
      check(`(ii)/(iv) requests/s, c=${concurrency}`, loadRatio(samples.load, key, 'rps', 'ii', 'iv'), 'min', 15),
    );
  }
  if (samples.pairs.length > 0) {
    const pairs = pairStats(samples.pairs);
    const c = samples.pairs[0].concurrency;
    checks.push(
      check(`(ii)/(i) requests/s, c=${c}, ${pairs.pairs} back-to-back pairs`, pairs.rps.median, 'min', 0.97),
      check(`(ii)/(i) p99 latency, c=${c}, ${pairs.pairs} back-to-back pairs`, pairs.p99.median, 'max', 1.05),
    );
  }
  checks.push(
    check('(ii)/(iv) cold start, median', coldStartRatio(samples.coldStarts, 'ii', 'iv'), 'max', 1.03),
    check(`(ii)/(i) RSS after warm-up, c=${headlineConcurrency(concurrencies)}`, rssRatio(samples.rss, { scenario: 'hello', concurrency: headlineConcurrency(concurrencies) }, 'afterWarmup', 'ii', 'i'), 'max', 1.1),
    check('hello-world function.zip', facts.defaultZipBytes / 1e6, 'max', 3, 'MB'),
    check('`make` with nothing changed, median', facts.noopMake.medianSeconds, 'max', 2, 's'),
  );
  return checks;
}
