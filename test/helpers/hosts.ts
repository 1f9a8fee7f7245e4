// Starting the hosts the tests run archives under.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

import { startFunctionsFramework } from '../../src/serve/functions-framework';
import { HostProcess, track } from './host-process';
import { freePort } from './ports';

/** The real @google-cloud/functions-framework, started with node on its entry script, on a free port. */
export async function startFunctionsFrameworkHost(dir: string, options: { target?: string; env?: NodeJS.ProcessEnv } = {}): Promise<HostProcess> {
  const port = await freePort();
  const child = startFunctionsFramework({ source: dir, port, target: options.target ?? 'anyEntryPoint', env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const host = await track(new HostProcess(child, port)).ready();
  return host.handedOver();
}

/** test/hosts/lazy-host.cjs: a worker that requires the function inside a request. */
export async function startLazyHost(dir: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<HostProcess> {
  const port = await freePort();
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'hosts', 'lazy-host.cjs');
  const child = spawn(process.execPath, [script, dir, String(port)], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return track(new HostProcess(child, port)).ready();
}
