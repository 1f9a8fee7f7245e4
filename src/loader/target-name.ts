// Which Go function a JavaScript export's name means, on Firebase. Firebase
// names each function after its export in functions/index.js
// (`exports.hello`), and passes that name as the target (FUNCTION_TARGET);
// the build registers Go's exported functions under Go's names (`Hello`).
// So there an export serves the Go function of its own name, or else the
// one whose name differs only by a capital first letter: `hello` serves
// `Hello`, as each language's habit would have it. Everywhere else a target
// names a function exactly, as on Cloud Functions. Pure.

import type { GoEnvironment } from '../schema';

type Environment = Record<string, string> & Partial<GoEnvironment>;

/** The environment with GO_HANDOFF_TARGET set to the Go name, when only that rule finds it. */
export function withGoTargetName<E extends Environment>(env: E, offered: readonly string[] | undefined): E {
  // firebase-tools sets FIREBASE_CONFIG in every function it deploys, and in the emulator's.
  if (!env.FIREBASE_CONFIG) return env;
  const requested = env.GO_HANDOFF_TARGET || env.FUNCTION_TARGET;
  if (!requested || !offered || offered.includes(requested)) return env;
  const capitalized = requested.charAt(0).toUpperCase() + requested.slice(1);
  if (capitalized === requested || !offered.includes(capitalized)) return env;
  const target: Partial<GoEnvironment> = { GO_HANDOFF_TARGET: capitalized };
  return { ...env, ...target };
}
