// The cold starts the benchmark compares: the same trivial function (bench/
// functions/hello, and hello-js in JavaScript) started by each host in each
// way go-handoff offers. Pure: how to start each, and what answer ends it.
import type { Probe } from '../http-check';

export type ColdVariantKey = 'iv' | 'ii' | 'v' | 'i' | 'lambda-ric' | 'lambda-wrapper' | 'lambda-go';

export interface ColdPaths {
  /** functions-framework's entry script. */
  functionsFramework: string;
  /** The hello archive, unpacked. */
  unpacked: string;
  binary: string;
  /** The JavaScript function's folder and export. */
  jsDir: string;
  jsTarget: string;
  /** AWS's emulator, and the Node.js runtime's bootstrap, node and aws-lambda-ric for it. */
  rie: string;
  nodeBootstrap: string;
  lambdaNode: string;
  lambdaRic: string;
}

export interface ColdLaunch {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ColdVariant {
  key: ColdVariantKey;
  /** In the tables. */
  label: string;
  /** As a baseline, after a ratio. */
  short: string;
  host: 'functions-framework' | 'lambda';
  launch(paths: ColdPaths, port: number, runtimeApiPort: number): ColdLaunch;
}

function functionsFramework(paths: ColdPaths, source: string, target: string, port: number, env: NodeJS.ProcessEnv = {}): ColdLaunch {
  return { command: process.execPath, args: [paths.functionsFramework, `--target=${target}`, `--source=${source}`, `--port=${port}`], cwd: source, env };
}

/** What Lambda sets for a Node.js function, for the emulator to pass on. */
function lambdaEnv(paths: ColdPaths): NodeJS.ProcessEnv {
  return {
    _HANDLER: 'index.handler',
    LAMBDA_TASK_ROOT: paths.unpacked,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: 'go-handoff-bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    LAMBDA_TEST_NODE: paths.lambdaNode,
    LAMBDA_TEST_RUNTIME: paths.lambdaRic,
  };
}

function underEmulator(paths: ColdPaths, bootstrap: string, port: number, runtimeApiPort: number, env: NodeJS.ProcessEnv = {}): ColdLaunch {
  // Loopback ports of our own: the emulator's defaults are 0.0.0.0:8080 and 127.0.0.1:9001.
  return {
    command: paths.rie,
    args: ['--runtime-interface-emulator-address', `127.0.0.1:${port}`, '--runtime-api-address', `127.0.0.1:${runtimeApiPort}`, '--log-level', 'error', bootstrap],
    cwd: paths.unpacked,
    env: { ...lambdaEnv(paths), ...env },
  };
}

export const COLD_VARIANTS: readonly ColdVariant[] = [
  { key: 'iv', label: '(iv) JavaScript under functions-framework', short: '(iv)', host: 'functions-framework', launch: (p, port) => functionsFramework(p, p.jsDir, p.jsTarget, port) },
  { key: 'ii', label: '(ii) go-handoff, the usual hand-over', short: '(iv)', host: 'functions-framework', launch: (p, port) => functionsFramework(p, p.unpacked, 'function', port) },
  {
    key: 'v',
    label: '(v) go-handoff, early hand-over (NODE_OPTIONS="--require ./index.js")',
    short: '(iv)',
    host: 'functions-framework',
    launch: (p, port) => functionsFramework(p, p.unpacked, 'function', port, { NODE_OPTIONS: '--require ./index.js' }),
  },
  { key: 'i', label: '(i) the Go binary alone', short: '(iv)', host: 'functions-framework', launch: (p, port) => ({ command: p.binary, args: [], cwd: p.unpacked, env: { PORT: String(port) } }) },
  { key: 'lambda-ric', label: 'aws-lambda-ric (Node.js 22) + the usual hand-over', short: 'Go alone', host: 'lambda', launch: (p, port, api) => underEmulator(p, p.nodeBootstrap, port, api) },
  {
    key: 'lambda-wrapper',
    label: 'exec-wrapper (AWS_LAMBDA_EXEC_WRAPPER), no Node.js',
    short: 'Go alone',
    host: 'lambda',
    launch: (p, port, api) => underEmulator(p, p.nodeBootstrap, port, api, { AWS_LAMBDA_EXEC_WRAPPER: `${p.unpacked}/exec-wrapper` }),
  },
  { key: 'lambda-go', label: 'the Go binary alone as the bootstrap', short: 'Go alone', host: 'lambda', launch: (p, port, api) => underEmulator(p, p.binary, port, api) },
];

const INVOKE_PATH = '/2015-03-31/functions/function/invocations';
const API_GATEWAY_GET = Buffer.from(JSON.stringify({ version: '2.0', rawPath: '/execute', rawQueryString: '', headers: { host: 'bench' }, requestContext: { http: { method: 'GET', path: '/execute' } }, isBase64Encoded: false }));

/** The answer that ends a cold start. */
export function coldProbe(variant: ColdVariant): Probe {
  if (variant.host === 'functions-framework') return { method: 'GET', path: '/execute', accepts: (a) => a.status === 200 && a.body === 'ok' };
  return {
    method: 'POST',
    path: INVOKE_PATH,
    body: API_GATEWAY_GET,
    accepts: (a) => {
      try {
        const proxy = JSON.parse(a.body) as { statusCode?: number; body?: string };
        return a.status === 200 && proxy.statusCode === 200 && proxy.body === 'ok';
      } catch {
        return false;
      }
    },
  };
}

/** Run r's order: rotated, so that no variant always runs first or after the same neighbour. */
export function coldOrder(run: number): ColdVariant[] {
  const shift = run % COLD_VARIANTS.length;
  return [...COLD_VARIANTS.slice(shift), ...COLD_VARIANTS.slice(0, shift)];
}
