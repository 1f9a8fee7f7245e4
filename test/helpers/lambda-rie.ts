// AWS's Lambda Runtime Interface Emulator (aws-lambda-rie, installed by
// `make check` from the Go module proxy at test/hosts/aws-lambda-rie.version),
// running Lambda's Node.js runtime on an unpacked archive: its bootstrap
// (test/hosts/lambda-node-bootstrap.sh) starts aws-lambda-ric on Node.js 22,
// or the program AWS_LAMBDA_EXEC_WRAPPER names, as the managed runtime does.
// Its Lambda Managed Instances mode has a helper of its own
// (lambda-managed-instances.ts).
//
// The emulator starts the runtime at the first invocation, in a process
// group of its own, and talks to it over the Runtime API on a port of its
// own; both its ports here are free loopback ones (its defaults, 0.0.0.0:8080
// and 127.0.0.1:9001, would clash and listen on every interface).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './archives';
import { HostProcess } from './host-process';
import { lambdaEnvironment } from './hosts';
import { executionEnv, type LambdaRic, requireLambdaRic } from './lambda-ric';
import { freePort } from './ports';

const version = fs.readFileSync(path.join(repoRoot, 'test', 'hosts', 'aws-lambda-rie.version'), 'utf8').trim();
export const lambdaRie = path.join(repoRoot, '.cache', 'lambda-rie', version, 'aws-lambda-rie');
export const nodeBootstrap = path.join(repoRoot, 'test', 'hosts', 'lambda-node-bootstrap.sh');
const viaRecorder = path.join(repoRoot, 'test', 'hosts', 'lambda-via-recorder.sh');

/** Throws, saying how to install it, when it is not installed. */
export function requireLambdaRie(): string {
  if (!fs.existsSync(lambdaRie)) throw new Error(`aws-lambda-rie ${version} is not installed at ${lambdaRie}: run \`make check\`, or \`make ${path.relative(repoRoot, lambdaRie)}\`, which install it`);
  return lambdaRie;
}

export interface RieAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The answer as JSON, when it is JSON. */
  json: unknown;
}

/** Invokes the function once through the emulator listening on invokePort, as `curl -d payload localhost:port/2015-03-31/functions/function/invocations` does. */
export async function invokeEmulator(invokePort: number, payload: unknown, headers: Record<string, string> = {}, timeoutMs?: number): Promise<RieAnswer> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const answer = await fetch(`http://127.0.0.1:${invokePort}/2015-03-31/functions/function/invocations`, { method: 'POST', body, headers, signal });
  const text = await answer.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: answer.status, headers: Object.fromEntries(answer.headers), body: text, json };
}

export class LambdaEmulator {
  private constructor(
    readonly host: HostProcess,
    /** The emulator's invoke endpoint (POST /2015-03-31/functions/function/invocations). */
    readonly invokePort: number,
    /** The Runtime API the runtime polls, host:port. */
    readonly runtimeApi: string,
  ) {}

  /**
   * Starts the emulator on the runtime in taskRoot: the Node.js runtime's
   * bootstrap (aws-lambda-ric on Node.js 22, or options.ric), or
   * options.bootstrap (such as the Go binary alone). With options.route, the
   * runtime polls the address route gives for the emulator's Runtime API (a
   * recorder in front of it) instead.
   */
  static async start(
    taskRoot: string,
    options: { env?: NodeJS.ProcessEnv; execWrapper?: boolean; ric?: LambdaRic; bootstrap?: string; route?: (runtimeApi: string) => Promise<string> } = {},
  ): Promise<LambdaEmulator> {
    const rie = requireLambdaRie();
    const ric = requireLambdaRic(options.ric);
    const [invokePort, apiPort] = [await freePort(), await freePort()];
    const runtimeApi = `127.0.0.1:${apiPort}`;
    const { AWS_LAMBDA_RUNTIME_API: _set, ...lambdaEnv } = lambdaEnvironment(taskRoot, runtimeApi);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...lambdaEnv,
      AWS_EXECUTION_ENV: executionEnv(ric),
      LAMBDA_TEST_NODE: ric.node,
      LAMBDA_TEST_RUNTIME: ric.client,
      ...(options.execWrapper ? { AWS_LAMBDA_EXEC_WRAPPER: path.join(taskRoot, 'exec-wrapper') } : {}),
      ...options.env,
    };
    // The emulator passes its own environment on to the runtime; these are its own or the test process's.
    for (const key of ['NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[key];
    let bootstrap = options.bootstrap ?? nodeBootstrap;
    if (options.route) {
      Object.assign(env, { LAMBDA_TEST_RUNTIME_API: await options.route(runtimeApi), LAMBDA_TEST_BOOTSTRAP: bootstrap });
      bootstrap = viaRecorder;
    }
    const flags = ['--runtime-interface-emulator-address', `127.0.0.1:${invokePort}`, '--runtime-api-address', runtimeApi, '--log-level', 'warn'];
    const child = spawn(rie, [...flags, bootstrap], { cwd: taskRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const emulator = new LambdaEmulator(new HostProcess(child, invokePort), invokePort, runtimeApi);
    running.add(emulator);
    await emulator.host.ready();
    return emulator;
  }

  /** Invokes the function once, as `curl -d payload localhost:port/2015-03-31/functions/function/invocations` does. */
  invoke(payload: unknown, headers: Record<string, string> = {}): Promise<RieAnswer> {
    return invokeEmulator(this.invokePort, payload, headers);
  }

  /** The runtime process (the bootstrap's, whatever it exec'd into): the emulator's child. */
  runtimePid(): number | undefined {
    return childrenOf(this.host.pid)[0];
  }

  async close(): Promise<void> {
    running.delete(this);
    await stopEmulator(this.host);
  }
}

/** Stops the emulator's runtime (its child, in a process group of its own), then the emulator: a SIGKILLed emulator would leave its runtime behind. */
export async function stopEmulator(emulator: HostProcess): Promise<void> {
  const runtime = childrenOf(emulator.pid)[0];
  if (runtime !== undefined) {
    try {
      process.kill(-runtime, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await emulator.stop('SIGKILL');
}

const running = new Set<LambdaEmulator>();

/** For afterEach: nothing an emulator started outlives the test. */
export async function stopAllEmulators(): Promise<void> {
  await Promise.all([...running].map((emulator) => emulator.close()));
}

/** Processes whose parent is pid, from /proc/<pid>/stat. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return children.sort((a, b) => a - b);
}
