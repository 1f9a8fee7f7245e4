// Runs the go command, collecting its output, with the environment every
// go-handoff build uses.
import { spawn } from 'node:child_process';

export interface GoRun {
  stdout: string;
  stderr: string;
}

export class GoCommandError extends Error {
  constructor(readonly args: string[], readonly stderr: string, readonly exitCode: number | null) {
    super(stderr.trim() || `go ${args.join(' ')} exited with status ${exitCode}`);
  }
}

export function runGo(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<GoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd: options.cwd,
      env: { ...process.env, GOWORK: 'off', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error('go-handoff needs the Go toolchain: `go` is not on PATH. Install Go from https://go.dev/dl/') : error);
    });
    child.on('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new GoCommandError(args, stderr, code))));
  });
}
