// A host process under test: its output, its pid, and a clean way to stop it.
import type { ChildProcess } from 'node:child_process';

import { waitForPort } from '../../src/serve/wait-for-port';

export class HostProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Resolves once the port accepts connections; fails if the host exits first. */
  async ready(timeoutMs = 30_000): Promise<this> {
    await waitForPort(this.port, {
      timeoutMs,
      gaveUp: () => (this.exitStatus ? `the host exited (${JSON.stringify(this.exitStatus)}) before serving:\n${this.stdout}\n${this.stderr}` : undefined),
    });
    return this;
  }

  /**
   * Resolves once the hand-over is over: Go says it serves, or the loader
   * says the Go function cannot start. (The port accepts connections a
   * moment earlier, as soon as Node listens.)
   */
  async handedOver(timeoutMs = 30_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    const done = () => /go-handoff: serving on|go-handoff: the Go function cannot start/.test(this.stdout + this.stderr);
    while (!done()) {
      if (this.exitStatus) throw new Error(`the host exited (${JSON.stringify(this.exitStatus)}) during the hand-over:\n${this.stdout}\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no hand-over within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this;
  }

  /** Waits until the host's output contains text (output arrives through pipes, a little later than answers). */
  async output(text: string, stream: 'stdout' | 'stderr', timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this[stream].includes(text)) {
      if (Date.now() > deadline) throw new Error(`the host's ${stream} never showed ${JSON.stringify(text)}; it holds:\n${this[stream]}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this[stream];
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exitStatus) this.child.kill(signal);
    return this.exited;
  }
}

const running = new Set<HostProcess>();

export function track(host: HostProcess): HostProcess {
  running.add(host);
  void host.exited.then(() => running.delete(host));
  return host;
}

/** For afterEach: nothing a test started outlives it. */
export async function stopAllHosts(): Promise<void> {
  await Promise.all([...running].map((host) => host.stop('SIGKILL')));
}
