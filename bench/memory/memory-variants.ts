// What `make bench-memory` compares: the churning function of
// test/fixtures/churn served through the usual hand-over under
// functions-framework, with no memory limit signalled, and on a 256 MiB
// instance as Cloud Functions signals it (the buildpack's
// NODE_OPTIONS=--max-old-space-size=192), from which the SDK sets Go's limit
// to 192 MiB (go/internal/memlimit). Pure.
import type { Probe } from '../http-check';
import type { Launch } from '../variants';

export type MemoryVariantKey = 'none' | 'limit';

export interface MemoryVariant {
  key: MemoryVariantKey;
  label: string;
  launch(functionsFramework: string, unpacked: string, port: number): Launch;
}

/** Everything that could give Go a limit, cleared: the runner's own environment must not decide. */
const NO_SIGNAL: NodeJS.ProcessEnv = { GOMEMLIMIT: undefined, NODE_OPTIONS: undefined, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: undefined, FUNCTION_MEMORY_MB: undefined, GO_HANDOFF_MAX_OLD_SPACE_SIZE: undefined };

function functionsFramework(script: string, unpacked: string, port: number, env: NodeJS.ProcessEnv): Launch {
  return { command: process.execPath, args: [script, '--target=function', `--source=${unpacked}`, `--port=${port}`], cwd: unpacked, env: { ...NO_SIGNAL, ...env } };
}

export const MEMORY_VARIANTS: readonly MemoryVariant[] = [
  { key: 'none', label: 'no limit signalled (GOGC=100 alone)', launch: (ff, dir, port) => functionsFramework(ff, dir, port, {}) },
  {
    key: 'limit',
    label: "256 MiB instance: NODE_OPTIONS=--max-old-space-size=192, Go's limit 192 MiB",
    launch: (ff, dir, port) => functionsFramework(ff, dir, port, { NODE_OPTIONS: '--max-old-space-size=192' }),
  },
];

/** The function's answer: it says what it churned. */
export const churnProbe: Probe = { method: 'GET', path: '/', accepts: (answer) => answer.status === 200 && answer.body.startsWith('churned 800 MiB with 150 MiB live') };

/** Run r measures the variants in this order: alternating, so that neither always comes first. */
export function memoryOrder(run: number): readonly MemoryVariant[] {
  return run % 2 === 0 ? MEMORY_VARIANTS : [...MEMORY_VARIANTS].reverse();
}
