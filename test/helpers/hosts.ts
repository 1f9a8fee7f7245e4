// Starting the hosts the tests run archives under.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

import type { SignatureType } from '../../src/schema';
import { startFunctionsFramework } from '../../src/serve/functions-framework';
import { type HostNode, nodeExecutable } from './host-nodes';
import { HostProcess, track } from './host-process';
import { freePort } from './ports';

/** What the hosts below take: the Node.js to run on is this one unless said. */
interface HostOptions {
  env?: NodeJS.ProcessEnv;
  node?: HostNode;
}

/**
 * The real @google-cloud/functions-framework, started with node on its entry
 * script, on a free port. target: its --target (null: none at all);
 * signatureType: its --signature-type.
 */
export async function startFunctionsFrameworkHost(
  dir: string,
  options: HostOptions & { target?: string | null; signatureType?: SignatureType } = {},
): Promise<HostProcess> {
  const port = await freePort();
  const node = options.node ? nodeExecutable(options.node) : undefined;
  const target = options.target === null ? undefined : (options.target ?? 'anyEntryPoint');
  const child = startFunctionsFramework({ source: dir, port, target, signatureType: options.signatureType, env: options.env, node, stdio: ['ignore', 'pipe', 'pipe'] });
  const host = await track(new HostProcess(child, port)).ready();
  return host.handedOver();
}

/** test/hosts/lazy-host.cjs: a worker that requires the function inside a request. */
export async function startLazyHost(dir: string, options: HostOptions = {}): Promise<HostProcess> {
  const port = await freePort();
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'hosts', 'lazy-host.cjs');
  const node = options.node ? nodeExecutable(options.node) : process.execPath;
  const child = spawn(node, [script, dir, String(port)], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return track(new HostProcess(child, port)).ready();
}

/** What Lambda sets in a Node.js function's environment, for a function unpacked in taskRoot. */
export function lambdaEnvironment(taskRoot: string, runtimeApi: string): NodeJS.ProcessEnv {
  return {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    _HANDLER: 'index.handler',
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'go-handoff-test',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/go-handoff-test',
    AWS_LAMBDA_LOG_STREAM_NAME: '2024/01/02/[$LATEST]0123456789abcdef0123456789abcdef',
    TZ: ':UTC',
  };
}

/**
 * test/hosts/lambda-node-runtime.cjs: Lambda's Node.js runtime as a function
 * module sees it, polling the Runtime API at runtimeApi. `node` runs it
 * (this Node.js unless said), in the task root as Lambda does.
 */
export function startLambdaNodeRuntime(dir: string, runtimeApi: string, options: { env?: NodeJS.ProcessEnv; node?: string; script?: string[] } = {}): HostProcess {
  const script = options.script ?? [path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'hosts', 'lambda-node-runtime.cjs')];
  const child = spawn(options.node ?? process.execPath, script, {
    cwd: dir,
    env: { ...process.env, ...lambdaEnvironment(dir, runtimeApi), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // No port: a Lambda runtime listens on nothing.
  return track(new HostProcess(child, 0));
}
