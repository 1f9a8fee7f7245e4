// How the build tells the user what it found and what it changed. Pure.
import type { Contract } from '../schema';
import type { BuildPlan } from './build-function';

/** Every contract the Go side names (a new one fails the type-check here until it has a name). */
const CONTRACTS: Record<Contract | '', string> = {
  http: 'net/http',
  typed: 'typed JSON',
  bytes: 'bytes',
  event: 'events',
  background: 'background event',
  cloudevent: 'CloudEvent',
  main: 'checked when it starts',
  target: "the host's target picks",
  // A variable: its type is checked when it starts.
  '': 'checked when it starts',
};

function contractName(contract: Contract | ''): string {
  return CONTRACTS[contract] ?? contract;
}

/** Which Go SDK built the function: always the one of this go-handoff, whatever go.mod says. */
function sdkLines(plan: BuildPlan): string[] {
  return plan.sdk ? [`Go SDK: ${plan.sdk.module} resolved to ${plan.sdk.dir} (go-handoff ${plan.sdk.version}'s own, the version of the archive's loader)`] : [];
}

export function planLines(plan: BuildPlan): string[] {
  const notes = [...sdkLines(plan), ...(plan.notes ?? []).map((note) => `note: ${note}`)];
  if (plan.function === 'main') return [`serving its own main (contract: ${contractName(plan.contract)})`, ...notes];
  const functions = plan.functions ?? [];
  if (functions.length <= 1) {
    return [`serving func ${plan.function} (contract: ${contractName(plan.contract)}), with a main the build wrote`, ...notes];
  }
  const list = functions.map((f) => `${f.name} (${contractName(f.contract)})`).join(', ');
  const served = plan.function
    ? `the host's target picks one; with none, ${plan.function}`
    : 'the host picks one with --target or FUNCTION_TARGET (there is no Handle to serve without one)';
  return [`offering ${functions.length} functions, with a main the build wrote: ${list}; ${served}`, ...notes];
}
