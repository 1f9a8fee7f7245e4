// go-handoff serve: the local host behind `make test`. It unpacks the archive
// into an empty folder and starts functions-framework on it, exactly as a
// Cloud Functions Node.js runtime would, so the function is reached through
// the same hand-over as in production.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { unzip } from '../package/unzip';
import { functionsFrameworkMain, startFunctionsFramework } from './functions-framework';
import { waitForPort } from './wait-for-port';

export interface ServeOptions {
  archive: string;
  port: number;
  log: (line: string) => void;
}

/** Serves until the host exits (Ctrl-C, SIGTERM); resolves with its exit code. */
export async function serveArchive(options: ServeOptions): Promise<number> {
  const archive = path.resolve(options.archive);
  if (!fs.existsSync(archive)) throw new Error(`the archive ${archive} does not exist: build it with \`make\` or \`go-handoff package\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-serve-'));
  try {
    await unzip(archive, dir);
    const { version } = functionsFrameworkMain();
    const host = startFunctionsFramework({ source: dir, port: options.port });
    const exited = new Promise<number>((resolve) => host.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))));
    let exitCode: number | undefined;
    void exited.then((code) => (exitCode = code));
    // Ctrl-C reaches the whole process group, the host (by then Go) included:
    // let it shut down gracefully and report its status. Forward SIGTERM.
    const onSigint = () => {};
    const onSigterm = () => host.kill('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    try {
      await waitForPort(options.port, {
        timeoutMs: 30_000,
        gaveUp: () => (exitCode !== undefined ? `the host exited (status ${exitCode}) before it served on port ${options.port}` : undefined),
      });
      options.log(`go-handoff: serving ${path.basename(archive)} through functions-framework ${version} (pid ${host.pid}) at http://localhost:${options.port}/execute - Ctrl-C stops it`);
      const code = await exited;
      options.log(`go-handoff: the function stopped (exit status ${code})`);
      return code;
    } catch (error) {
      host.kill('SIGTERM');
      await exited;
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
