// Where scripts/install-firebase.mjs (run by `make check`) puts firebase-tools
// and the firebase template's dependencies, and how to start the emulator.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './archives';

const dir = path.join(repoRoot, '.cache', 'firebase');

export const firebase = {
  /** The CLI's entry script: `node` runs it, as npx would leave an npm process in between. */
  cli: path.join(dir, 'tools', 'node_modules', 'firebase-tools', 'lib', 'bin', 'firebase.js'),
  /** firebase-functions and firebase-admin at the locked versions, with everything they need. */
  functionsModules: path.join(dir, 'functions', 'node_modules'),
};

/** Throws, saying how to install it, when it is not installed. */
export function requireFirebase(): typeof firebase {
  if (!fs.existsSync(path.join(dir, '.installed'))) {
    throw new Error(`firebase-tools is not installed in ${dir}: run \`make check\`, or \`node scripts/install-firebase.mjs\`, which install it`);
  }
  return firebase;
}

/**
 * What keeps firebase-tools from reaching beyond this machine: no update
 * check, no message of the day (CI), no `npm show firebase-functions` of its
 * SDK check (npm offline), its configuration in a folder of the test's own.
 */
export function offlineEnvironment(configDir: string): NodeJS.ProcessEnv {
  return { CI: 'true', NO_UPDATE_NOTIFIER: '1', npm_config_offline: 'true', XDG_CONFIG_HOME: configDir };
}

/** The emulator's output so far, and a way to stop it with everything it started. */
export class Emulator {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Waits until the output matches, failing with the output when the emulator exits or time runs out. */
  async waitFor(pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (exited) throw new Error(`the emulator exited before its output showed ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the emulator's output never showed ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGINT, as Ctrl-C, to its whole process group; SIGKILL if it has not ended in 15 s. */
  async stop(): Promise<void> {
    const group = -this.child.pid!;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(group, name);
      } catch {
        // already gone
      }
    };
    signal('SIGINT');
    const timer = setTimeout(() => signal('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
    signal('SIGKILL'); // function processes that outlived it
  }
}

/** `firebase emulators:start --only functions --project <project>` in a project folder. */
export function startEmulator(projectDir: string, project: string, env: NodeJS.ProcessEnv): Emulator {
  const child = spawn(process.execPath, [requireFirebase().cli, 'emulators:start', '--only', 'functions', '--project', project], {
    cwd: projectDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new Emulator(child);
}
