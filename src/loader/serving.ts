// Whether this process is one that serves requests, and so may become the Go
// binary. Many processes require index.js only to read its exports: Firebase's
// discovery (when the emulator starts, and in `firebase deploy`'s analysis),
// a test, a REPL. Handing over there would replace them with a server:
// firebase-functions' discovery server then answered Go's function instead
// of the function definitions. Whether a process that serves runs a Go
// function at all is the next question, in a codebase where JavaScript
// functions sit beside the Go ones (deployment.ts, codebase.ts). Pure: takes
// what the loader observed.
import type { HandoffFailure } from './failure';

/** The variable that settles the question for a host go-handoff does not know. */
export const SERVE_OVERRIDE = 'GO_HANDOFF_SERVE';

export type ServingDecision =
  /** A host that serves the function: hand over. */
  | { serve: true }
  /**
   * Stay Node.js. `quiet`: a process that only reads the exports, where a
   * line on stderr would read as an error (firebase-tools logs discovery's
   * stderr as errors); else a host that serves in a way the Go binary cannot
   * take over, which is logged once like any failure. Either way, a request
   * or call that reaches the function gets `failure`.
   */
  | { serve: false; quiet: boolean; failure: HandoffFailure };

export interface ProcessFacts {
  env: NodeJS.ProcessEnv;
  /** process.argv: node, the main script, its arguments. */
  argv: readonly string[];
  /** The loader was required from inside a request its host's server is answering (a lazy-loading worker). */
  requiredInsideRequest: boolean;
}

export function servingDecision({ env, argv, requiredInsideRequest }: ProcessFacts): ServingDecision {
  // firebase-functions' discovery (bin/firebase-functions) sets these, and
  // reads the exports inside the request for /__/functions.yaml: it looks
  // like a lazy-loading worker, and must stay itself.
  if (env.FUNCTIONS_CONTROL_API === 'true' || env.FUNCTIONS_MANIFEST_OUTPUT_PATH) {
    return notServing("this is Firebase's function discovery (FUNCTIONS_CONTROL_API), which only reads the exports' definitions");
  }
  if (env.FUNCTIONS_EMULATOR === 'true' && env.FUNCTION_DEBUG_MODE) {
    return {
      serve: false,
      quiet: false,
      failure: {
        code: 'ERR_GO_HANDOFF_SHARED_PROCESS',
        message:
          'The Firebase emulator runs with --inspect-functions, where one Node.js process serves every function, chosen per request, and the Go binary can become only one of them. Start the emulator without --inspect-functions: each function then gets a process of its own, which becomes the Go binary.',
      },
    };
  }
  const override = env[SERVE_OVERRIDE];
  if (override === '0') return notServing(`${SERVE_OVERRIDE}=0 says so`);
  if (override === '1') return { serve: true };
  if (env.AWS_LAMBDA_RUNTIME_API || requiredInsideRequest) return { serve: true };
  // Cloud Functions, Cloud Run functions (Firebase's 2nd gen too) and the
  // Firebase emulator name the function to serve; functions-framework does,
  // started by hand, with its entry script and --target.
  if (env.FUNCTION_TARGET || env.K_SERVICE) return { serve: true };
  const main = argv[1] ?? '';
  if (/functions-framework/.test(main) || argv.slice(2).some((arg) => arg === '--target' || arg.startsWith('--target='))) return { serve: true };
  return notServing(
    `nothing says this process serves the function (no FUNCTION_TARGET or K_SERVICE, not functions-framework, not inside a request, not AWS Lambda): it looks like a test or a script that requires index.js (${main || 'no main script'}). To serve from a host of your own, set ${SERVE_OVERRIDE}=1`,
  );
}

function notServing(reason: string): ServingDecision {
  return {
    serve: false,
    quiet: true,
    failure: {
      code: 'ERR_GO_HANDOFF_NOT_SERVING',
      message: `The Go function does not run in this process: ${reason}. It runs in the process a host starts to serve it (functions-framework, Cloud Run functions, the Firebase emulator's function process, AWS Lambda).`,
    },
  };
}
