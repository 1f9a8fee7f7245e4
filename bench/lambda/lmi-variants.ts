// What `make bench-lambda` compares, under AWS's emulator in its Lambda
// Managed Instances mode: the same function (bench/functions/lambda-work*)
// run four ways, each doing two kinds of work. Pure.
import type { Bootstrap } from '../../test/helpers/lambda-managed-instances';
import type { LambdaRic } from '../../test/helpers/lambda-ric';

export type LmiVariantKey = 'handoff' | 'wrapper' | 'js' | 'aws-go';

export interface LmiVariant {
  key: LmiVariantKey;
  label: string;
  /** Which function folder becomes /var/task. */
  taskRoot: 'handoff' | 'js' | 'aws-go';
  bootstrap(ric: LambdaRic): Bootstrap;
}

export const LMI_VARIANTS: readonly LmiVariant[] = [
  { key: 'handoff', label: "go-handoff, the usual hand-over (aws-lambda-ric's worker loads index.js)", taskRoot: 'handoff', bootstrap: (ric) => ({ kind: 'node', ric }) },
  { key: 'wrapper', label: 'go-handoff, exec-wrapper (no Node.js)', taskRoot: 'handoff', bootstrap: (ric) => ({ kind: 'exec-wrapper', ric }) },
  { key: 'js', label: 'JavaScript on aws-lambda-ric', taskRoot: 'js', bootstrap: (ric) => ({ kind: 'node', ric }) },
  { key: 'aws-go', label: 'aws-lambda-go alone as the bootstrap', taskRoot: 'aws-go', bootstrap: () => ({ kind: 'binary' }) },
];

export function lmiVariant(key: LmiVariantKey): LmiVariant {
  return LMI_VARIANTS.find((v) => v.key === key)!;
}

export type Work = 'wait' | 'burn';

export const WORKS: readonly { work: Work; title: string }[] = [
  { work: 'wait', title: 'waits 100 ms (a downstream call)' },
  { work: 'burn', title: 'burns about 5 ms of CPU' },
];

/** The event for a work, and the answer every variant must give it. */
export function workEvent(work: Work): string {
  return JSON.stringify({ work });
}

/** The result of burn: 5,000,000 steps of x = x * 1664525 + 1013904223 (mod 2^32) from 1, in Go and JavaScript alike. */
export const BURN_RESULT = 4082171201;

/** Why an answer to work is wrong, or undefined. */
export function checkAnswer(work: Work, body: string): string | undefined {
  let answer: { work?: string; result?: number };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (answer.work !== work) return `answered ${body.slice(0, 200)}, not the ${work} it was asked`;
  if (work === 'burn' && answer.result !== BURN_RESULT) return `burn gave ${answer.result}, not ${BURN_RESULT}`;
  return undefined;
}

/** The variants in round r's order: rotated, so that none always runs first or after the same neighbour. */
export function lmiRoundOrder(round: number): LmiVariant[] {
  const shift = round % LMI_VARIANTS.length;
  return [...LMI_VARIANTS.slice(shift), ...LMI_VARIANTS.slice(0, shift)];
}
