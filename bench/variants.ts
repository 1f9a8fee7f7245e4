// The four ways of serving the same function that the benchmark compares.
import { functionsFrameworkMain } from '../src/serve/functions-framework';
import { benchPaths } from './paths';

/** One function, in every form the variants need. */
export interface FunctionForms {
  /** The archive unpacked into an empty folder, as a host does. */
  unpacked: string;
  /** The Go binary inside it. */
  binary: string;
  /** The same function in JavaScript, for functions-framework. */
  jsDir: string;
  jsTarget: string;
}

export interface Launch {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export type VariantKey = 'i' | 'ii' | 'iii' | 'iv';

export interface Variant {
  key: VariantKey;
  name: string;
  launch(fn: FunctionForms, port: number): Launch;
}

function functionsFramework(source: string, target: string, port: number): Launch {
  // node on the entry script, as the host does: npx would add an npm process.
  return { command: process.execPath, args: [functionsFrameworkMain().script, `--target=${target}`, `--source=${source}`, `--port=${port}`], cwd: source };
}

export const VARIANTS: readonly Variant[] = [
  {
    key: 'i',
    name: 'Go alone',
    launch: (fn, port) => ({ command: fn.binary, args: [], env: { PORT: String(port) } }),
  },
  {
    key: 'ii',
    name: 'go-handoff under functions-framework',
    launch: (fn, port) => functionsFramework(fn.unpacked, 'function', port),
  },
  {
    key: 'iii',
    name: 'Node.js proxy to a Go subprocess',
    launch: (fn, port) => ({ command: process.execPath, args: [benchPaths.proxy, fn.binary, String(port)] }),
  },
  {
    key: 'iv',
    name: 'JavaScript under functions-framework',
    launch: (fn, port) => functionsFramework(fn.jsDir, fn.jsTarget, port),
  },
];

export function variant(key: VariantKey): Variant {
  return VARIANTS.find((v) => v.key === key)!;
}
