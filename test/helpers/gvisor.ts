// gVisor, the sandbox of Cloud Functions' 1st gen and Cloud Run's first
// generation environment, through Debian's runsc (`.ci/run` installs it):
// `runsc --network=none do <command>` runs a command in a sandbox over the
// host's file system (read-only, with a writable overlay) and a network
// stack of its own. The test outside cannot reach that network, so
// test/hosts/sandbox-driver.cjs runs inside, starts the host, and reports
// what it saw. Where runsc is missing or the kernel or the machine refuses
// it, gvisorRefusal says why and the tests skip, saying so.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { repoRoot } from './archives';

const DRIVER = path.join(repoRoot, 'test', 'hosts', 'sandbox-driver.cjs');
const RESULT = 'sandbox-driver result: ';

let refusal: string | null | undefined;

/** Why gVisor cannot run here, or undefined when it can: runsc must be installed, and run a command. */
export function gvisorRefusal(): string | undefined {
  if (refusal === undefined) refusal = probe();
  return refusal ?? undefined;
}

function probe(): string | null {
  const version = spawnSync('runsc', ['--version'], { encoding: 'utf8' });
  if (version.error) return `runsc is not installed (${version.error.message}): \`apt-get install runsc\` (Debian), as .ci/run does`;
  const run = spawnSync('runsc', ['--network=none', 'do', '/bin/true'], { encoding: 'utf8', timeout: 60_000 });
  if (run.status === 0) return null;
  const said = (run.stderr || run.stdout || '').trim().split('\n').slice(-3).join(' / ');
  return `this machine refuses gVisor: \`runsc --network=none do /bin/true\` ${run.error ? `failed (${run.error.message})` : `exited ${run.status ?? run.signal}`}${said ? `: ${said}` : ''}`;
}

export interface SandboxPlan {
  launch: { command: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv };
  port: number;
  steps: ({ get: string } | { exe: true } | { sigtermDuring: string; startedWhen: string })[];
}

export interface SandboxAnswer {
  path: string;
  status: number;
  /** X-Go-Handoff-Error. */
  error: string | null;
  body: string;
  /** Since the host started. */
  ms: number;
  exit?: { code: number | null; signal: string | null };
}

export interface SandboxReport {
  pid: number;
  stdout: string;
  stderr: string;
  exit: { code: number | null; signal: string | null } | null;
  steps: (SandboxAnswer | { exe: string })[];
  error?: string;
}

/** Runs the plan in a gVisor sandbox and returns what the driver saw; throws when the driver says nothing. */
export function runInGvisor(plan: SandboxPlan, timeoutMs = 90_000): Promise<SandboxReport> {
  return new Promise((resolve, reject) => {
    const runsc = spawn('runsc', ['--network=none', 'do', process.execPath, DRIVER, JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    runsc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    runsc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // SIGTERM: runsc passes it on and takes its sandbox down; SIGKILL would leave its state behind.
    const timer = setTimeout(() => {
      runsc.kill('SIGTERM');
      setTimeout(() => runsc.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    runsc.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
      if (!line) {
        reject(new Error(`runsc exited (${signal ?? code}) without the driver's report:\n${stdout}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT.length)) as SandboxReport);
    });
  });
}
