// One variant's serving processes: started in their own process group, ready
// when the function gives the right answer, stopped with everything they
// started.
import { type ChildProcess, spawn } from 'node:child_process';

import { type Answer, type Probe, send } from './http-check';
import { pinned } from './pinning';
import { treeCpuSeconds } from './procfs';
import { treeRss } from './rss';
import type { Launch } from './variants';

const KEEP_OUTPUT = 8 * 1024;

/** What is serving right now: each runs in a process group of its own, which a signal to the benchmark would miss. */
const running = new Set<Served>();

/** Kills everything still serving, for a benchmark that is interrupted. */
export function killAllServed(): void {
  for (const served of running) served.killGroup();
}

export class Served {
  private output = '';
  private exitStatus: string | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-KEEP_OUTPUT));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    running.add(this);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exitStatus = signal ?? `exit status ${code}`;
        resolve();
      }),
    );
  }

  /** Starts the launch on port, on cpu if given. The clock of a cold start runs from here. */
  static spawn(name: string, launch: Launch, port: number, cpu: number | undefined): Served {
    const [command, args] = pinned(cpu, launch.command, launch.args);
    // detached: a process group of its own, so that stop() reaches any child.
    const child = spawn(command, args, { cwd: launch.cwd, env: { ...process.env, ...launch.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    return new Served(name, port, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Polls until the function answers, then checks the answer. A refused
   * connection means "not yet"; a wrong answer or an exit is an error.
   */
  async firstAnswer(probe: Probe, timeoutMs = 30_000): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exitStatus) throw new Error(`${this.name} stopped (${this.exitStatus}) before answering:\n${this.output}`);
      try {
        const answer = await send(this.port, probe);
        if (!probe.accepts(answer)) throw new Error(`${this.name} answered ${probe.method} ${probe.path} with ${answer.status} ${JSON.stringify(answer.body.slice(0, 300))}, not the expected answer:\n${this.output}`);
        return answer;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      }
      if (Date.now() > deadline) throw new Error(`${this.name} did not answer on port ${this.port} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Summed resident memory of the whole process tree, in bytes, and how many processes it has. */
  memory(): { bytes: number; processes: number } {
    return treeRss(this.pid);
  }

  /** CPU seconds the whole process tree has used so far. */
  cpuSeconds(): number {
    return treeCpuSeconds(this.pid);
  }

  async stop(): Promise<void> {
    if (!this.exitStatus) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.killGroup(), 10_000);
    await this.exited;
    clearTimeout(timer);
    this.killGroup(); // whatever the root left behind
    running.delete(this);
  }

  killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}
