// Whether index.js is the whole deployment, or one module of a codebase that
// holds JavaScript functions too (docs/architecture.md's hosts table). It decides who
// picks the Go function:
//  - an archive (function.zip, or `go-handoff package --format dir` deployed
//    as it is): the host loads index.js as the function itself, so every
//    function of the deployment is Go. The Go side picks one by the host's
//    target, and a package with only one function serves it under any
//    target (go/internal/target), as archives always have.
//  - a codebase (Firebase's functions/index.js, a functions-framework
//    index.js, a Lambda app.js that requires ./go-handoff): the host loads
//    the codebase's own module, and index.js is a module it requires. A
//    process becomes Go only when its target's export holds a Go function
//    (codebase.ts); the only-function rule never applies, since a JavaScript
//    function's target must never reach Go.
//
// The loader tells them apart by the module the host loads as the function,
// resolved the way the host resolves it: functions-framework's --source
// (else FUNCTION_SOURCE, else its working folder: Cloud Functions runs it in
// /workspace), the Firebase emulator's working folder (it requires
// process.cwd()), Lambda's _HANDLER (as aws-lambda-ric reads it, from
// LAMBDA_TASK_ROOT). Where the host does not say (a lazy-loading worker, a
// host of your own), by what required index.js first: the host itself (its
// main script, its package in node_modules, an import(), code that is no
// file such as node -e) or a module of the deployment's own.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { flagValue } from './host';

export type Deployment =
  | { kind: 'archive' }
  /** `hostModule`: the module the host loads as the function, when it says. */
  | { kind: 'codebase'; hostModule: string | undefined; reason: string };

export interface DeploymentFacts {
  /** This index.js, symlinks resolved. */
  loader: string;
  /** The module the host loads as the function, symlinks resolved; undefined when the host does not say, or names nothing that exists. */
  hostModule: string | undefined;
  /** The file of the module that required index.js first; undefined for an import(), a --require preload, or code that is no file (node -e, a worker's eval, a REPL). */
  requiredBy: string | undefined;
  /** require.main's file: the host's own script. */
  mainScript: string | undefined;
}

export function deploymentOf(facts: DeploymentFacts): Deployment {
  if (facts.hostModule !== undefined) {
    if (facts.hostModule === facts.loader) return { kind: 'archive' };
    return { kind: 'codebase', hostModule: facts.hostModule, reason: `the host loads ${facts.hostModule} as the function, which is not index.js` };
  }
  const by = facts.requiredBy;
  if (by !== undefined && by !== facts.mainScript && !insideNodeModules(by)) {
    return { kind: 'codebase', hostModule: undefined, reason: `${by} required index.js` };
  }
  return { kind: 'archive' };
}

function insideNodeModules(file: string): boolean {
  return file.split(/[\\/]/).includes('node_modules');
}

/** What the host-module rules need of the file system: injected, so that the rules are pure. */
export interface ModuleFiles {
  /** Whether a file (or folder) exists: aws-lambda-ric's test. */
  exists(file: string): boolean;
  /** require.resolve(request, { paths }), undefined when nothing resolves. */
  resolve(request: string, paths?: string[]): string | undefined;
}

/**
 * The module the host loads as the function, when the host says which:
 * undefined for a host that does not (a lazy-loading worker, a host of your
 * own), or when the host's setting resolves to nothing (the host then fails
 * by itself).
 */
export function hostModuleOf(env: NodeJS.ProcessEnv, argv: readonly string[], cwd: string, requiredInsideRequest: boolean, files: ModuleFiles): string | undefined {
  if (env.AWS_LAMBDA_RUNTIME_API) return env._HANDLER ? lambdaHandlerModule(env._HANDLER, env.LAMBDA_TASK_ROOT || cwd, files) : undefined;
  if (requiredInsideRequest) return undefined;
  const functionsFramework = /functions-framework/.test(argv[1] ?? '') || argv.slice(2).some((arg) => arg === '--target' || arg.startsWith('--target='));
  if (!functionsFramework && !env.FUNCTION_TARGET && !env.K_SERVICE && env.FUNCTIONS_EMULATOR !== 'true') return undefined;
  // functions-framework's options.js and loader.js: the flag, the variable,
  // the working folder; the folder's module (package.json's main), else its
  // function.js. The Firebase emulator requires its working folder the same way.
  const source = path.resolve(cwd, flagValue(argv, 'source') ?? env.FUNCTION_SOURCE ?? '');
  return files.resolve(source) ?? files.resolve(path.join(source, 'function.js'));
}

/**
 * aws-lambda-ric's module for a _HANDLER ("dir/module.export"): the file
 * named by the module, tried as is and with .js, .mjs and .cjs, in the task
 * root; else a package of that name.
 */
export function lambdaHandlerModule(handler: string, taskRoot: string, files: ModuleFiles): string | undefined {
  const base = path.posix.basename(handler);
  const moduleRoot = handler.substring(0, handler.indexOf(base)).replace(/\/$/, '');
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) return undefined;
  const file = path.resolve(taskRoot, moduleRoot, match[1]);
  for (const extension of ['', '.js', '.mjs', '.cjs']) {
    if (files.exists(file + extension)) return file + extension;
  }
  return files.resolve(match[1], [taskRoot, path.join(taskRoot, moduleRoot)]);
}

/** The facts of this process, for the module object of index.js. */
export function observeDeployment(module: NodeModule, requiredInsideRequest: boolean): DeploymentFacts {
  const files: ModuleFiles = {
    exists: (file) => fs.existsSync(file),
    resolve(request, paths) {
      try {
        return require.resolve(request, paths ? { paths } : undefined);
      } catch {
        return undefined;
      }
    },
  };
  const parent = (module as NodeModule & { parent?: NodeModule | null }).parent;
  const hostModule = hostModuleOf(process.env, process.argv, process.cwd(), requiredInsideRequest, files);
  // Code given on the command line or to a worker is a host's own, like its main script: its "file" ([eval]) does not exist.
  const requiredBy = parent?.filename && fs.existsSync(parent.filename) ? realPath(parent.filename) : undefined;
  return {
    loader: realPath(module.filename),
    hostModule: hostModule === undefined ? undefined : realPath(hostModule),
    requiredBy,
    mainScript: require.main?.filename ? realPath(require.main.filename) : undefined,
  };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
