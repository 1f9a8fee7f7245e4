// What crosses between the Go side and this one, written once: the build's
// plan, the archive's manifest, and what the loader hands the Go binary (its
// variables, the names of the descriptors it passes).
//
// The Go side is the source: go/internal/schema's test writes
// go/internal/schema/testdata/schema.json from its types and constants, and
// test/unit/schema.test.ts holds every type and constant here to that file,
// by name. A change on either side that the other does not follow fails a
// test. Types and a few constants only: the loader bundles this file.

/** How a function is called, as the build's plan names it (go/internal/prepare's Contracts). */
export type Contract = FunctionContract | 'main' | 'target';

/** The contract of one function the binary offers (prepare.FunctionContracts). */
export type FunctionContract = 'http' | 'typed' | 'bytes' | 'event' | 'background' | 'cloudevent';

/** One function the binary offers. */
export interface PlanFunction {
  name: string;
  /** '' for a variable (an http.Handler value, say): the SDK checks its type when it starts. */
  contract: FunctionContract | '';
}

/** What the build's prepare step found and did (prepare.Plan), printed as JSON by `go run ./internal/cmd/prepare`. */
export interface PreparePlan {
  /** The served function's contract; main when the package's own main decides, target when only the host's target can tell. */
  contract: Contract;
  /** The function served when the host names no target; main; '' when only the host's target can tell. */
  function: string;
  /** Every function the binary offers, for the host's target to pick (none when the package has its own main). */
  functions?: PlanFunction[];
  /** The main package to build, relative to the build folder. */
  package: string;
  /** The function's module path. */
  module: string;
  /** What the build changed in its copy of the function (imports rewritten, import "C" removed). */
  notes?: string[];
}

/** The `goHandoff` section of an archive's package.json (written by src/package/archive-manifest.ts). */
export interface ArchiveManifest {
  /** The Go binary's file name inside the archive (the Makefile's HANDLER). */
  binary: string;
  goos: string;
  goarch: string;
  /** The plan's contract. */
  contract: Contract;
  /** The functions the binary offers, one of which the host's target picks; absent when the package has its own main. */
  functions?: string[];
  /** The go-handoff version that wrote the archive. */
  builtWith: string;
}

export type Host =
  /** functions-framework and the like: required before the server listens. */
  | 'functions-framework'
  /** functions-framework with NODE_OPTIONS="--require ./index.js": preloaded, before the host's code; Go listens on $PORT. */
  | 'early'
  /** An old lazy-loading worker: it required us inside a request, its server already listening. */
  | 'lazy'
  /** AWS Lambda's Node.js runtime (or the archive's exec-wrapper): no listener; the Go side polls the Runtime API. */
  | 'lambda';

/** The signature types the Go side takes (functions-framework's --signature-type, and typed). */
export const SIGNATURE_TYPES = ['http', 'event', 'cloudevent', 'typed'] as const;
export type SignatureType = (typeof SIGNATURE_TYPES)[number];

export function isSignatureType(value: string): value is SignatureType {
  return (SIGNATURE_TYPES as readonly string[]).includes(value);
}

/** What the loader adds to the Go binary's environment when it hands over (go/internal/schema's Env constants). */
export interface GoEnvironment {
  /** Which host handed over. */
  GO_HANDOFF_HOST: Host;
  /** functions-framework's --target, or on Firebase the Go function an export's name means. */
  GO_HANDOFF_TARGET?: string;
  /** functions-framework's --signature-type, as given: the Go side logs a value that is not a SignatureType, and ignores it. */
  GO_HANDOFF_SIGNATURE_TYPE?: string;
  /** In the early hand-over only: functions-framework's --port, which wins over the platform's PORT. */
  PORT?: string;
  /** node's own command-line --max-old-space-size (MiB), as given, when it has one: the Go side cannot see it, and sets its memory limit from it (src/loader/memory-hint.ts). */
  GO_HANDOFF_MAX_OLD_SPACE_SIZE?: string;
}

/** The name of a descriptor the loader passes, its LISTEN_FDNAMES entry (go/internal/activation). */
export type FdName =
  /** The host's listening socket. */
  | 'http'
  /** A connection a lazy-loading worker accepted and read nothing from, or that sits idle between requests: Go serves it. */
  | 'conn'
  /** A connection just answered: Go reads what the client still sends, then closes it. */
  | 'finish';
