// The machine and the versions a run measured, printed with its results.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

import { functionsFrameworkMain } from '../src/serve/functions-framework';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  versions: Record<string, string>;
}

/** The first line a command prints (on stdout or stderr), or why there is none. */
function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return `not found (${result.error.message})`;
  return `${result.stdout}${result.stderr}`.trim().split('\n')[0].trim();
}

export function describeMachine(): Machine {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()} ${os.machine()}`,
    versions: {
      Go: firstLine('go', ['version']),
      'Node.js': process.version,
      '@google-cloud/functions-framework': functionsFrameworkMain().version,
      wrk: firstLine('wrk', ['--version']),
      hyperfine: firstLine('hyperfine', ['--version']),
    },
  };
}
