// go-handoff serve <archive>: the local host behind `make test`. Serves until
// the host exits (Ctrl-C, SIGTERM) and resolves with its exit status.
import * as path from 'node:path';

import { type HostChoice, type RunningHost, serviceUrl, startArchiveHost } from './archive-host';
import { whileServing } from './stop-signals';

export interface ServeOptions {
  archive: string;
  port: number;
  log: (line: string) => void;
  /** How to name what is served (default: the archive's file name). */
  label?: string;
  /** The function to serve and its signature type, passed on to the host. */
  choice?: HostChoice;
  /** Told of what the unpacking left out of the archive (links, devices). */
  warn?: (line: string) => void;
}

export async function serveArchive(options: ServeOptions): Promise<number> {
  const archive = path.resolve(options.archive);
  const host = await startArchiveHost(archive, options.port, options.choice, options.warn);
  return serveUntilExit(host, options.label ?? path.basename(archive), options);
}

export async function serveUntilExit(host: RunningHost, label: string, options: { port: number; log: (line: string) => void }): Promise<number> {
  return whileServing(
    {
      // Ctrl-C reaches the whole process group, the host (by then Go)
      // included: let it shut down gracefully and report its status.
      onInterrupt: () => {},
      onTerminate: () => void host.stop(),
    },
    async () => {
      options.log(`go-handoff: serving ${label} through functions-framework ${host.frameworkVersion} (pid ${host.pid}) at ${serviceUrl(options.port)} - Ctrl-C stops it`);
      const code = await host.exited;
      options.log(`go-handoff: the function stopped (exit status ${code})`);
      return code;
    },
  );
}
