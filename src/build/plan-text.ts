// How the build tells the user what it found and what it changed. Pure.
import type { PreparePlan } from './build-function';

const CONTRACTS: Record<string, string> = {
  http: 'net/http',
  typed: 'typed JSON',
  bytes: 'bytes',
  event: 'events',
  main: 'checked when it starts',
};

export function planLines(plan: PreparePlan): string[] {
  const contract = CONTRACTS[plan.contract] ?? plan.contract;
  const what = plan.function === 'main' ? `its own main (contract: ${contract})` : `func ${plan.function} (contract: ${contract}), with a main the build wrote`;
  const sdk = plan.sdk ? [`Go SDK: ${plan.sdk.module} resolved to ${plan.sdk.dir} (go-handoff ${plan.sdk.version}'s own, the version of the archive's loader)`] : [];
  return [`serving ${what}`, ...sdk, ...(plan.notes ?? []).map((note) => `note: ${note}`)];
}
