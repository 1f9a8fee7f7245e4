// One run of the local host: the archive unpacked into an empty folder and
// the real functions-framework started on it, as Cloud Functions' Node.js
// runtime would, so the function is reached through the same hand-over as in
// production.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ERRORS_SETTING } from '../loader/error-detail';
import { extractArchive } from '../package/extract-archive';
import { printable } from '../printable';
import { functionsFrameworkMain, startFunctionsFramework } from './functions-framework';
import { waitForPort } from './wait-for-port';

export interface RunningHost {
  pid: number;
  /** The functions-framework version it runs under. */
  frameworkVersion: string;
  /** Resolves with the exit status once the host (by then the Go binary) has exited. */
  exited: Promise<number>;
  /** Asks the host to shut down gracefully (SIGTERM) and waits for it. */
  stop(): Promise<number>;
}

/** What the host is asked to serve: functions-framework's --target and --signature-type. */
export interface HostChoice {
  target?: string;
  signatureType?: string;
}

/**
 * Starts the host and resolves once it accepts connections on port. warn:
 * told of each entry of the archive left out (a link, a device).
 */
export async function startArchiveHost(archive: string, port: number, choice: HostChoice = {}, warn: (line: string) => void = () => {}): Promise<RunningHost> {
  if (!fs.existsSync(archive)) throw new Error(`the archive ${archive} does not exist: build it with \`make\` or \`go-handoff package\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-serve-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  let child;
  try {
    await extractArchive(archive, dir, { onDropped: (name, reason) => warn(`go-handoff: left ${printable(name)} out of the unpacked archive: ${reason}`) });
    child = startFunctionsFramework({ source: dir, port, target: choice.target, signatureType: choice.signatureType, env: developmentErrorSetting(process.env) });
  } catch (error) {
    removeDir();
    throw error;
  }
  const host = child;
  let exitCode: number | undefined;
  const exited = new Promise<number>((resolve) =>
    host.on('exit', (code, signal) => {
      exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
      removeDir();
      resolve(exitCode);
    }),
  );
  const running: RunningHost = {
    pid: host.pid!,
    frameworkVersion: functionsFrameworkMain().version,
    exited,
    stop() {
      if (exitCode === undefined) host.kill('SIGTERM');
      return exited;
    },
  };
  try {
    await waitForPort(port, {
      timeoutMs: 30_000,
      gaveUp: () => (exitCode !== undefined ? `the host exited (status ${exitCode}) before it served on port ${port}` : undefined),
    });
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

export function serviceUrl(port: number): string {
  return `http://localhost:${port}/execute`;
}

/**
 * The local host answers a failed hand-over with every detail, as a
 * development server should, even where the shell says NODE_ENV=production
 * (error-detail.ts); GO_HANDOFF_ERRORS, when set, still decides.
 */
export function developmentErrorSetting(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env[ERRORS_SETTING] ? {} : { [ERRORS_SETTING]: 'detailed' };
}
