// In a codebase that requires the loader from its own code (deployment.ts),
// which process becomes Go: the one whose function, the export the host's
// target names, holds a function of the loader. Every other process runs its
// JavaScript function as if go-handoff were not there.
//
// The loader finds the function the way the host will call it, once the host
// has loaded the codebase and starts to listen: functions-framework's
// declarative registry (functions.http('name', fn)), else the export the
// target names, dotted for a grouped export (`orders.create`, as Firebase
// and functions-framework both read it). That export holds a Go function when
// it is one of the loader's functions (`exports.hello = go.hello`), or
// firebase-functions' trigger wraps one: in .run (its event triggers), or,
// for onRequest and onCall (v1 and v2), in the wrapper's closure
// (closures.ts), looked into only where the code is firebase-functions' own.
// A JavaScript function that merely calls a Go function is JavaScript: its
// process stays Node.js, and the call answers 500 saying why.
//
// The Go function is the one the JavaScript name the code used means
// (target-name.ts): `go.createOrder` is CreateOrder, whatever the export that
// holds it is called.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type FunctionLocation, namesInClosures } from './closures';
import { exportedName } from './exports';
import type { HandoffFailure } from './failure';
import { flagValue } from './host';
import { goFunctionName } from './target-name';

export type CodebaseChoice =
  /** Hand over: Go serves `goName` (undefined: the binary is a program, which serves itself). */
  | { kind: 'go'; goName: string | undefined; jsName: string }
  /** Stay Node.js, quietly: the target is a JavaScript function. `reason` is for NODE_DEBUG, and for a call that reaches the loader after all. */
  | { kind: 'javascript'; reason: string }
  /** Stay Node.js, and say so: the target's export is wired to Go in a way that cannot run. */
  | { kind: 'failure'; failure: HandoffFailure };

export interface CodebaseFacts {
  /** The host's target: functions-framework's --target, else FUNCTION_TARGET, else its default, `function`. */
  target: string;
  /** The loader's functions (their exportedName) the target's export holds, or why the loader could not look. */
  held: string[] | { unknown: string };
  /** The functions the binary offers (the archive's goHandoff.functions); undefined for a program with its own main. */
  offered: readonly string[] | undefined;
}

export function chooseInCodebase({ target, held, offered }: CodebaseFacts): CodebaseChoice {
  if (!Array.isArray(held)) return { kind: 'javascript', reason: `go-handoff could not tell whether it is Go: ${held.unknown}` };
  if (held.length === 0) return { kind: 'javascript', reason: 'its export holds no Go function' };
  const wired = held.map((name) => (name === '' ? "go-handoff's module itself" : `go.${name}`));
  if (held.length > 1) {
    return failure(`The function ${target} holds several Go functions (${wired.join(', ')}), and a process serves one: export each Go function on its own.`);
  }
  const [jsName] = held;
  if (jsName === '') {
    return failure(`The function ${target} is go-handoff's module itself, which names no Go function: export the Go function by name, as in exports.${target.split('.').pop()} = go.hello for the Go function Hello.`);
  }
  if (!offered) return { kind: 'go', goName: undefined, jsName };
  const goName = goFunctionName(jsName, offered);
  if (goName) return { kind: 'go', goName, jsName };
  return failure(
    `The function ${target} is go.${jsName}, which names no Go function: the Go code offers ${offered.join(', ') || 'none'}. ` +
      'A name on go-handoff\'s module means the Go function of that name, or of that name with a capital first letter (go.createOrder is CreateOrder).',
  );
}

/**
 * A call to one of the loader's functions in a process that runs the
 * JavaScript function `target`: JavaScript code called a Go function, which
 * only runs as the whole process of a function whose export holds it.
 */
export function javascriptCallFailure(target: string, reason: string, called: string): HandoffFailure {
  const what = called === '' ? "go-handoff's module" : `go.${called}`;
  return {
    code: 'ERR_GO_HANDOFF_CALLED_FROM_JAVASCRIPT',
    message:
      `This process runs the JavaScript function ${target} (${reason}), and JavaScript called ${what}. ` +
      'A Go function cannot be called from JavaScript: it runs as the whole process of a function whose export holds it as it is, ' +
      `as in exports.${target.split('.').pop()} = ${what}, or exports.${target.split('.').pop()} = onRequest(${what}) with firebase-functions.`,
  };
}

function failure(message: string): CodebaseChoice {
  return { kind: 'failure', failure: { code: 'ERR_GO_HANDOFF_WIRING', message } };
}

/** The host's function: Lambda's _HANDLER; else the target, with functions-framework's precedence (options.js), which the Firebase emulator sets as FUNCTION_TARGET. */
export function hostTarget(env: NodeJS.ProcessEnv, argv: readonly string[]): string {
  if (env.AWS_LAMBDA_RUNTIME_API) return env._HANDLER || 'handler';
  return flagValue(argv, 'target') ?? env.FUNCTION_TARGET ?? 'function';
}

/**
 * What the loader's functions the host's function holds, read in this
 * process once the host has loaded the codebase: hostModule is the module it
 * loaded (deployment.ts).
 */
export function observeHeld(hostModule: string | undefined, target: string): CodebaseFacts['held'] {
  const value = hostFunction(hostModule, target);
  if ('unknown' in value) return value;
  const fn = value.found;
  if (typeof fn !== 'function') return [];
  const direct = exportedName(fn) ?? exportedName((fn as { run?: unknown }).run);
  if (direct !== undefined) return [direct];
  // firebase-functions marks each trigger it makes with __endpoint (its discovery reads it).
  if (!('__endpoint' in fn)) return [];
  const library = firebaseFunctionsCode(hostModule);
  try {
    return namesInClosures([fn], { nameOf: exportedName, mayLookInside: (source, location) => library.holds(source, location) });
  } catch (error) {
    return { unknown: `could not look inside firebase-functions' wrapper with node:inspector (${(error as Error).message})` };
  }
}

const REGISTRY = ['@google-cloud', 'functions-framework', 'build', 'src', 'function_registry.js'].join(path.sep);

function hostFunction(hostModule: string | undefined, target: string): { found: unknown } | { unknown: string } {
  // functions-framework returns a declaratively registered function before it looks at the exports.
  for (const [file, cached] of Object.entries(require.cache)) {
    if (!file.endsWith(REGISTRY)) continue;
    const registered = (cached?.exports as { getRegisteredFunction?: (name: string) => { userFunction?: unknown } | undefined })?.getRegisteredFunction?.(target);
    if (registered) return { found: registered.userFunction };
  }
  if (!hostModule) return { unknown: 'the host does not say which module holds its functions' };
  let moduleExports = require.cache[hostModule]?.exports as unknown;
  if (moduleExports === undefined) {
    // An ES module: require() gives the namespace the host imported (Node.js 20.19, 22.12 and later).
    try {
      moduleExports = require(hostModule);
    } catch (error) {
      return { unknown: `cannot read the exports of ${hostModule} (${(error as Error).message.split('\n')[0]})` };
    }
  }
  return { found: target.split('.').reduce<unknown>((scope, part) => (scope === undefined || scope === null ? undefined : (scope as Record<string, unknown>)[part]), moduleExports) };
}

/** firebase-functions' sources: the files a function must be in, where it is in them, for the loader to look inside it. */
function firebaseFunctionsCode(hostModule: string | undefined): { holds(source: string, location: FunctionLocation): boolean } {
  const roots = new Set<string>();
  const marker = `${path.sep}node_modules${path.sep}firebase-functions${path.sep}`;
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf(marker);
    if (at >= 0) roots.add(file.slice(0, at + marker.length));
  }
  if (hostModule) {
    try {
      const entry = require.resolve('firebase-functions', { paths: [path.dirname(hostModule)] });
      const at = entry.lastIndexOf(marker);
      if (at >= 0) roots.add(entry.slice(0, at + marker.length));
    } catch {
      // not installed beside the codebase: only what is loaded counts
    }
  }
  let texts: string[] | undefined;
  return {
    holds(source, location) {
      texts ??= ([] as string[]).concat(...[...roots].map((root) => sourceTexts(path.join(root, 'lib'))));
      return texts.some((text) => startsAt(text, source, location));
    },
  };
}

/** Enough for firebase-functions' lib (under 1 MB in 7.x); a folder beyond it is not read further. */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

function sourceTexts(dir: string): string[] {
  const texts: string[] = [];
  let bytes = 0;
  const visit = (folder: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.[cm]?js$/.test(entry.name) && bytes < MAX_SOURCE_BYTES) {
        const text = fs.readFileSync(file, 'utf8');
        bytes += text.length;
        texts.push(text);
      }
    }
  };
  visit(dir);
  return texts;
}

/** Whether `source` is in `text` where the inspector says the function starts (for `function f(`, at its parameters). */
export function startsAt(text: string, source: string, location: FunctionLocation): boolean {
  if (source === '') return false;
  const header = source.indexOf('(');
  for (let at = text.indexOf(source); at >= 0; at = text.indexOf(source, at + 1)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const offset = location.columnNumber - (at - lineStart);
    if (offset !== 0 && offset !== header) continue;
    if (lineOf(text, at) === location.lineNumber) return true;
  }
  return false;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
