// Runs the built CLI (dist/cli.js) as a user would, black-box.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { repoRoot } from './archives';

export const cliScript = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliScript, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const groups = new Set<number>();

/**
 * Starts the CLI and leaves it running (serve), its output piped, in a
 * process group of its own: killGroups() then ends it and every host it
 * started, whatever a failed test left behind.
 */
export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [cliScript, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  groups.add(child.pid!);
  return child;
}

/** For afterEach: SIGKILL to the process groups startCli made. */
export function killGroups(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
}
