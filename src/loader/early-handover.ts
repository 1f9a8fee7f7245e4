// The early hand-over (docs/architecture.md): a functions-framework host
// started with NODE_OPTIONS="--require ./index.js" preloads the loader before
// any of its own code runs, and the loader execs Go at once; Go then listens
// on $PORT itself. NODE_OPTIONS reaches every node process of the deployment,
// though: npm, node-gyp, a build step, a test runner, their workers. Only the
// process that will serve may hand over; every other one must not notice us.
import * as fs from 'node:fs';

import { observeDeployment } from './deployment';
import { flagValue } from './host';

/** What the loader can observe about the process it was preloaded into. */
export interface PreloadFacts {
  /** Loaded by --require (NODE_OPTIONS or the command line), before the main module. */
  preloaded: boolean;
  /** The main script, symlinks resolved (process.argv[1]); none for `node -e` or a REPL. */
  mainScript: string | undefined;
  isMainThread: boolean;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** This index.js and the module the host will load as the function (deployment.ts), symlinks resolved. */
  loader: string;
  hostModule: string | undefined;
}

export type EarlyDecision =
  /** Required by the host as the function: the usual hand-over, at listen. */
  | { kind: 'not-preloaded' }
  /** Preloaded into the process that will serve: exec now, Go listens on `port`. */
  | { kind: 'serve'; port: string }
  /** Preloaded into some other node process: do nothing at all, and say why (for tests and debugging). */
  | { kind: 'stand-aside'; reason: string };

/**
 * The entry scripts of the hosts that serve, as their paths end once
 * symlinks are resolved. functions-framework's bin (`functions-framework`,
 * `functions-framework-nodejs`, what Cloud Functions' and Cloud Run
 * functions' buildpack runs, and Firebase's 2nd gen) is build/src/main.js.
 */
const SERVING_ENTRY_SCRIPTS = ['/@google-cloud/functions-framework/build/src/main.js'];

/** functions-framework's own default, when neither --port nor PORT is given. */
const FUNCTIONS_FRAMEWORK_DEFAULT_PORT = '8080';

export function decideEarlyHandover(facts: PreloadFacts): EarlyDecision {
  if (!facts.preloaded) return { kind: 'not-preloaded' };
  if (!facts.isMainThread) return { kind: 'stand-aside', reason: 'a worker thread' };
  if (facts.env.AWS_LAMBDA_RUNTIME_API) return { kind: 'stand-aside', reason: 'AWS Lambda: its runtime requires index.js at init, or AWS_LAMBDA_EXEC_WRAPPER skips Node.js altogether' };
  const script = facts.mainScript?.split('\\').join('/');
  if (!script) return { kind: 'stand-aside', reason: 'no main script (node -e, a REPL)' };
  if (!SERVING_ENTRY_SCRIPTS.some((entry) => script.endsWith(entry))) {
    return { kind: 'stand-aside', reason: `${facts.mainScript} is not the entry script of a host that serves` };
  }
  // `functions-framework --help` prints and exits, as it should.
  const first = facts.argv[2];
  if (first === '-h' || first === '--help') return { kind: 'stand-aside', reason: 'functions-framework --help' };
  // A codebase with JavaScript functions beside the Go ones: only the process
  // whose target is a Go function may hand over, which the codebase's
  // exports tell once the host has loaded them (codebase.ts).
  if (facts.hostModule !== undefined && facts.hostModule !== facts.loader) {
    return { kind: 'stand-aside', reason: `functions-framework loads ${facts.hostModule} as the function, not index.js: index.js is one module of a codebase` };
  }
  // The same precedence as functions-framework's options.js: the flag, then PORT, then 8080.
  const port = flagValue(facts.argv, 'port') ?? (facts.env.PORT || FUNCTIONS_FRAMEWORK_DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(port)) return { kind: 'stand-aside', reason: `the port ${JSON.stringify(port)} is not a number: the host's own start will say so` };
  return { kind: 'serve', port };
}

/** The facts of this process, for the module object of index.js. */
export function observePreload(module: NodeModule, isMainThread: boolean): PreloadFacts {
  // A module loaded by --require has the internal preload module as its parent.
  const parent = (module as NodeModule & { parent?: { id?: string } | null }).parent;
  const preloaded = parent?.id === 'internal/preload';
  const deployment = preloaded ? observeDeployment(module, false) : undefined;
  return {
    preloaded,
    mainScript: realMainScript(process.argv[1]),
    isMainThread,
    argv: process.argv,
    env: process.env,
    loader: deployment?.loader ?? module.filename,
    hostModule: deployment?.hostModule,
  };
}

function realMainScript(script: string | undefined): string | undefined {
  if (!script) return undefined;
  try {
    return fs.realpathSync(script);
  } catch {
    return script;
  }
}

/**
 * Does nothing in this process, but says why under NODE_DEBUG=go-handoff
 * (Node.js's own switch for such messages), and makes a later require() of
 * index.js run it afresh: a process we stood aside in may still load the
 * function the usual way (a test, a host we do not know), and must then get
 * the usual hand-over.
 */
export function standAside(module: NodeModule, reason: string): void {
  (require('node:util') as typeof import('node:util')).debuglog('go-handoff')(`index.js was preloaded (NODE_OPTIONS) and does nothing in pid ${process.pid}: ${reason}`);
  delete require.cache[module.filename];
}
