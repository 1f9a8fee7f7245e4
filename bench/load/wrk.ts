// Drives load with wrk (one thread: on this 2-core machine the other core
// belongs to the server) and reads its --latency report.
import { execFile } from 'node:child_process';

import { type WrkReport, parseWrkReport } from './parse-wrk';
import { pinned } from '../pinning';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** The CPU wrk runs on, or undefined to let the kernel choose. */
  cpu?: number;
  /** A wrk Lua script (e.g. post-json.lua) and the environment it reads. */
  script?: string;
  env?: NodeJS.ProcessEnv;
}

export function runWrk(options: LoadOptions): Promise<WrkReport> {
  const args = ['--threads', '1', '--connections', String(options.connections), '--duration', `${options.seconds}s`, '--timeout', '5s', '--latency'];
  if (options.script) args.push('--script', options.script);
  args.push(options.url);
  const [command, commandArgs] = pinned(options.cpu, 'wrk', args);
  return new Promise((resolve, reject) => {
    execFile(command, commandArgs, { env: { ...process.env, ...options.env }, timeout: (options.seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${command} ${commandArgs.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      try {
        resolve(parseWrkReport(stdout));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}
