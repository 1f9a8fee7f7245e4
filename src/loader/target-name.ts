// Which Go function a JavaScript name means. JavaScript names functions in
// camelCase (`createOrder`), Go exports them with a capital first letter
// (`CreateOrder`), and the build registers Go's names. So a JavaScript name
// means the Go function of exactly that name, or else the one whose name
// differs only by a capital first letter: `hello` is `Hello`, `createOrder`
// is `CreateOrder`, `Greet` is `Greet`. Nothing else is guessed: `orders.create`
// or `hello_world` mean no Go function unless one has exactly that name.
//
// Where the JavaScript name comes from:
//  - in a codebase (functions/index.js requires the loader), the name the code
//    reads off the loader, `go.createOrder`, whatever the export that holds it
//    is called (codebase.ts): `exports.orders = { create: onRequest(go.createOrder) }`
//    is Firebase's function orders-create, and runs CreateOrder;
//  - in an archive deployed to Firebase as is, the export's name, which
//    Firebase passes as the target (FUNCTION_TARGET): withGoTargetName.
// Everywhere else a target names a Go function exactly, as on Cloud Functions.
// Pure.

/** The Go function among `offered` that the JavaScript name means, if any. */
export function goFunctionName(jsName: string, offered: readonly string[]): string | undefined {
  if (offered.includes(jsName)) return jsName;
  const capitalized = jsName.charAt(0).toUpperCase() + jsName.slice(1);
  return capitalized !== jsName && offered.includes(capitalized) ? capitalized : undefined;
}

/** The environment with GO_HANDOFF_TARGET set to the Go name, when only that rule finds it. */
export function withGoTargetName(env: Record<string, string>, offered: readonly string[] | undefined): Record<string, string> {
  // firebase-tools sets FIREBASE_CONFIG in every function it deploys, and in the emulator's.
  if (!env.FIREBASE_CONFIG) return env;
  const requested = env.GO_HANDOFF_TARGET || env.FUNCTION_TARGET;
  if (!requested || !offered || offered.includes(requested)) return env;
  const goName = goFunctionName(requested, offered);
  return goName ? { ...env, GO_HANDOFF_TARGET: goName } : env;
}
