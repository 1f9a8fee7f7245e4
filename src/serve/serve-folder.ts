// go-handoff serve <folder>: build the function into a temporary archive and
// serve that, exactly as `serve <archive>` would. With --watch, rebuild and
// restart on the same port whenever a source file changes; a build that
// fails is reported and the previous build keeps serving (or, before the
// first good build, the server waits for a fix) instead of exiting.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type GoArch, isGoArch } from '../build/go-flags';
import { goArch } from '../loader/executable';
import { packageFunction } from '../package/package-function';
import type { Progress } from '../progress';
import { type HostChoice, type RunningHost, serviceUrl, startArchiveHost } from './archive-host';
import { serveUntilExit } from './local-server';
import { whileServing } from './stop-signals';
import { watchSources } from './watch-sources';

export interface FolderServeOptions {
  dir: string;
  port: number;
  watch: boolean;
  progress: Progress;
  /** How to name the folder in messages. */
  label: string;
  log: (line: string) => void;
  warn: (line: string) => void;
  /** The function to serve (checked by the build too) and its signature type. */
  choice?: HostChoice;
}

/** The architecture of this machine, which the local host runs. */
export function hostGoArch(arch: string = process.arch): GoArch {
  const goarch = goArch(arch);
  if (!isGoArch(goarch)) throw new Error(`the local host runs the function on this machine, and go-handoff builds for amd64 and arm64 only, not ${arch}`);
  return goarch;
}

export async function serveFolder(options: FolderServeOptions): Promise<number> {
  const dir = path.resolve(options.dir);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-serve-build-'));
  const archive = path.join(scratch, 'function.zip');
  const choice = options.choice ?? {};
  const build = () => packageFunction({ functionDir: dir, output: archive, binaryName: 'handler', goarch: hostGoArch(), target: choice.target, progress: options.progress });
  try {
    if (!options.watch) {
      await build();
      return await serveUntilExit(await startArchiveHost(archive, options.port, choice, options.warn), options.label, options);
    }
    return await serveWatching(dir, build, archive, options);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function serveWatching(dir: string, build: () => Promise<unknown>, archive: string, options: FolderServeOptions): Promise<number> {
  const url = serviceUrl(options.port);
  let host: RunningHost | undefined;
  let busy = false;
  let stopping = false;
  let pending: string[] | undefined;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const adopt = (started: RunningHost) => {
    host = started;
    void started.exited.then((code) => {
      if (host !== started) return; // stopped for a restart
      host = undefined;
      if (stopping) {
        if (!busy) finish(0);
      } else {
        options.warn(`go-handoff: the function stopped (exit status ${code}); waiting for a change to rebuild it`);
      }
    });
  };

  // changed: the files whose change called for this build; none for the first.
  const deploy = async (changed: string[] | undefined) => {
    try {
      await build();
    } catch (error) {
      options.warn(`go-handoff: ${(error as Error).message}`);
      options.warn(host ? 'go-handoff: still serving the previous build; waiting for a change' : 'go-handoff: nothing to serve yet; waiting for a change');
      return;
    }
    if (stopping) return;
    if (host) {
      const previous = host;
      host = undefined;
      await previous.stop();
    }
    try {
      const started = await startArchiveHost(archive, options.port, options.choice, options.warn);
      adopt(started);
      options.log(
        changed
          ? `go-handoff: ${describeChanges(changed)} changed: rebuilt and restarted (pid ${started.pid}) at ${url}`
          : `go-handoff: serving ${options.label} through functions-framework ${started.frameworkVersion} (pid ${started.pid}) at ${url} - watching for changes, Ctrl-C stops it`,
      );
    } catch (error) {
      options.warn(`go-handoff: ${(error as Error).message}; waiting for a change`);
    }
  };

  // One build at a time; changes during a build make one more build after it.
  const run = async (changed: string[] | undefined) => {
    if (busy) {
      pending = [...new Set([...(pending ?? []), ...(changed ?? [])])].sort();
      return;
    }
    busy = true;
    try {
      await deploy(changed);
      while (pending && !stopping) {
        const next = pending;
        pending = undefined;
        await deploy(next);
      }
    } finally {
      busy = false;
      if (stopping) {
        if (host) await host.stop();
        finish(0);
      }
    }
  };

  const watcher = watchSources(dir, (changed) => void run(changed));
  const stop = (terminate: boolean) => {
    stopping = true;
    watcher.close();
    if (busy) return; // run() finishes once the build is over
    if (!host) return finish(0);
    if (terminate) void host.stop();
  };
  return whileServing(
    {
      // Ctrl-C also reaches the host, which shuts down gracefully by itself.
      onInterrupt: () => stop(false),
      onTerminate: () => stop(true),
    },
    async () => {
      void run(undefined);
      const code = await finished;
      options.log('go-handoff: stopped watching');
      return code;
    },
  );
}

/** "main.go", "main.go and go.mod", "main.go and 3 more files". Pure. */
export function describeChanges(changed: string[]): string {
  if (changed.length === 0) return 'a file';
  if (changed.length === 1) return changed[0];
  if (changed.length === 2) return `${changed[0]} and ${changed[1]}`;
  return `${changed[0]} and ${changed.length - 1} more files`;
}
