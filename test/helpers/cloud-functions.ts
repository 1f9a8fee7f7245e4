// Cloud Functions' own launch of a Node.js function, as its buildpack sets
// it up (GoogleCloudPlatform/buildpacks: cmd/nodejs/functions_framework/
// lib/lib.go, BuildFn, and pkg/gcpbuildpack SetFunctionsEnvVars and
// AddWebProcess), for a function that does not depend on functions-framework,
// which is what function.zip is:
//   - the npm buildpack installs the function's own dependencies (`npm ci`),
//     and the functions_framework one checks its syntax (`node --check`);
//   - functions-framework lives in a layer of its own, installed from the
//     buildpack's converter lock (scripts/install-cloud-functions-layer.mjs),
//     and the function's node_modules, if any, is put on NODE_PATH;
//   - NODE_OPTIONS gets `--max-old-space-size=<memory hint - 64>` in front
//     of what the user set; NODE_ENV defaults to production (the npm
//     buildpack's launch environment);
//   - the target and signature type reach the process only as
//     FUNCTION_TARGET and FUNCTION_SIGNATURE_TYPE, never as flags;
//   - the web process is the layer's bin symlink with no argument, in the
//     application folder: AddWebProcess is given
//     `/bin/bash -c <layer>/node_modules/.bin/functions-framework`, and
//     AsDirectProcess drops the `/bin/bash -c`, so the launcher execs the
//     symlink itself (its `#!/usr/bin/env node` line finds Node.js). Both
//     forms are here; bash execs a single command, so each ends in the
//     process the launcher started.
// Cloud Run, which serves Cloud Run functions and 2nd gen, adds PORT and the
// K_* variables of its container contract.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './archives';
import { HostProcess, track } from './host-process';
import { freePort } from './ports';

const layer = path.join(repoRoot, '.cache', 'cloud-functions-layer');

/** The bin symlink the web process runs, or an error saying how to install it. */
export function functionsFrameworkBin(): string {
  if (!fs.existsSync(path.join(layer, '.installed'))) {
    throw new Error(`Cloud Functions' functions-framework layer is not installed in ${layer}: run \`make check\`, or \`node scripts/install-cloud-functions-layer.mjs\`, which install it`);
  }
  return path.join(layer, 'node_modules', '.bin', 'functions-framework');
}

/** The version of functions-framework in the layer. */
export function layerFrameworkVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(layer, 'node_modules', '@google-cloud', 'functions-framework', 'package.json'), 'utf8')).version;
}

/** What the buildpack does to the application folder before it launches: `npm ci` (offline: it has no dependencies) and `node --check` of its main file. */
export function buildAsCloudFunctions(app: string): void {
  execFileSync('npm', ['ci', '--quiet', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync(process.execPath, ['--check', 'index.js'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface CloudFunctionsLaunch {
  /** --target at deploy time: FUNCTION_TARGET. */
  target: string;
  /** --trigger-* at deploy time: FUNCTION_SIGNATURE_TYPE (http, event, cloudevent). */
  signatureType?: string;
  /** The instance's memory (GOOGLE_CONTAINER_MEMORY_HINT_MB at build time); 256 unless said. */
  memoryMb?: number;
  /** NODE_OPTIONS as the user set it in the function's runtime environment. */
  nodeOptions?: string;
  /** The web process as the buildpack writes it (`/bin/bash -c <bin>`) or as the launcher runs it (the bin itself). */
  form?: 'bash' | 'direct';
  /** Runtime environment variables the user set. */
  env?: Record<string, string>;
}

/** The environment the web process starts with: the launch layers', the platform's, the user's; nothing of the test's own. */
export function cloudFunctionsEnvironment(app: string, port: number, launch: CloudFunctionsLaunch): Record<string, string> {
  const memory = launch.memoryMb ?? 256;
  const env: Record<string, string> = {
    PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: process.env.HOME ?? '/root',
    PORT: String(port),
    K_SERVICE: 'go-handoff-test',
    K_REVISION: 'go-handoff-test-00001-abc',
    K_CONFIGURATION: 'go-handoff-test',
    NODE_ENV: 'production',
    FUNCTION_TARGET: launch.target,
    NODE_OPTIONS: [`--max-old-space-size=${memory - 64}`, launch.nodeOptions].filter(Boolean).join(' '),
    ...launch.env,
  };
  if (launch.signatureType) env.FUNCTION_SIGNATURE_TYPE = launch.signatureType;
  const modules = path.join(app, 'node_modules');
  if (fs.existsSync(modules)) env.NODE_PATH = modules;
  return env;
}

/** Launches the web process on app (built with buildAsCloudFunctions) on a free port; resolves once it accepts connections. */
export function launchAsCloudFunctions(app: string, launch: CloudFunctionsLaunch): Promise<HostProcess> {
  return freePort().then((port) => {
    const bin = functionsFrameworkBin();
    const [command, ...args] = launch.form === 'bash' ? ['/bin/bash', '-c', bin] : [bin];
    const child = spawn(command, args, { cwd: app, env: cloudFunctionsEnvironment(app, port, launch), stdio: ['ignore', 'pipe', 'pipe'] });
    return track(new HostProcess(child, port)).ready();
  });
}
