// Which host loaded us, and so when to hand over (docs/architecture.md,
// "Hosts"). Pure: takes what the loader observed.

export type Host =
  /** AWS Lambda's Node.js runtime: no listener; the Go side polls the Runtime API. */
  | 'lambda'
  /** An old lazy-loading worker: it required us inside a request, its server already listening. */
  | 'lazy'
  /** functions-framework and the like: required before the server listens. */
  | 'functions-framework'
  /** functions-framework with NODE_OPTIONS="--require ./index.js": preloaded, before the host's code; Go listens on $PORT. */
  | 'early';

export function detectHost(env: NodeJS.ProcessEnv, requiredInsideRequest: boolean): Host {
  if (env.AWS_LAMBDA_RUNTIME_API) return 'lambda';
  if (requiredInsideRequest) return 'lazy';
  return 'functions-framework';
}

/**
 * The environment the Go binary starts with: Node's own, plus what the Go
 * side needs to know about its host: which host it is, and the entry point
 * and signature type functions-framework was given as flags. (They go in
 * variables of our own: FUNCTION_TARGET is the platform's, and tells the Go
 * side it runs on Cloud Functions.)
 */
export function goEnvironment(env: NodeJS.ProcessEnv, host: Host, argv: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) result[key] = value;
  }
  result.GO_HANDOFF_HOST = host;
  const target = flagValue(argv, 'target');
  if (target) result.GO_HANDOFF_TARGET = target;
  const signature = flagValue(argv, 'signature-type');
  if (signature) result.GO_HANDOFF_SIGNATURE_TYPE = signature;
  // Early, Go opens the host's port itself: functions-framework's --port flag wins over PORT, as in its options.js.
  const port = host === 'early' ? flagValue(argv, 'port') : undefined;
  if (port) result.PORT = port;
  return result;
}

/** The value of --name=value or --name value, as minimist (functions-framework's parser) reads them. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
    if (arg === `--${name}` && i + 1 < argv.length && !argv[i + 1].startsWith('--')) return argv[i + 1];
  }
  return undefined;
}
