// Starting the real @google-cloud/functions-framework host on a folder, as
// Cloud Functions' Node.js runtime does. Its entry script is run with `node`
// directly: npx would leave an npm process in between.
import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { packageRoot } from '../paths';
import type { SignatureType } from '../schema';

const FRAMEWORK = '@google-cloud/functions-framework';

/** The framework's entry script, or an error saying how to get it. */
export function functionsFrameworkMain(): { script: string; version: string } {
  const require = createRequire(path.join(packageRoot, 'package.json'));
  let entry: string;
  try {
    // Its "exports" hide package.json; the main entry sits beside main.js.
    entry = require.resolve(FRAMEWORK);
  } catch {
    throw new Error(`the local host needs ${FRAMEWORK}, which is not installed: run \`npm ci\` in ${packageRoot} (make does it for you)`);
  }
  const script = path.join(path.dirname(entry), 'main.js');
  const manifest = path.resolve(path.dirname(entry), '..', '..', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  return { script, version };
}

export interface HostOptions {
  /** The unpacked function folder. */
  source: string;
  port: number;
  /**
   * The entry point (--target), which the loader passes on to Go as
   * GO_HANDOFF_TARGET; none: the Go side serves its default (Handle, or the
   * only function). The loader's exports answer to any name.
   */
  target?: string;
  /** --signature-type, passed on as GO_HANDOFF_SIGNATURE_TYPE. */
  signatureType?: SignatureType;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  /** The node executable to run the host on: this process's unless said. */
  node?: string;
}

export function startFunctionsFramework(options: HostOptions): ChildProcess {
  const { script } = functionsFrameworkMain();
  return spawn(options.node ?? process.execPath, [script, ...functionsFrameworkFlags(options)], {
    cwd: options.source,
    env: { ...process.env, ...options.env },
    stdio: options.stdio ?? 'inherit',
  });
}

/** functions-framework's command line for options. Pure. */
export function functionsFrameworkFlags(options: Pick<HostOptions, 'source' | 'port' | 'target' | 'signatureType'>): string[] {
  const flags: string[] = [];
  // Without --target, functions-framework looks for an export named
  // "function", which the loader provides like any other name.
  if (options.target) flags.push(`--target=${options.target}`);
  if (options.signatureType) flags.push(`--signature-type=${options.signatureType}`);
  flags.push(`--source=${options.source}`, `--port=${options.port}`);
  return flags;
}
