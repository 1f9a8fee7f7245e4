// What the build costs: the hello-world archive's size and the time of a
// `make` with nothing to do.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { benchPaths } from './paths';

export interface BuildFacts {
  /** Bytes of function.zip, the hello-world function plain `make` builds. */
  defaultZipBytes: number;
  /** Bytes of the benchmark's own function archive. */
  helloZipBytes: number;
  /** Median and spread of `make` with nothing changed, in seconds (hyperfine). */
  noopMake: { medianSeconds: number; minSeconds: number; maxSeconds: number; runs: number };
}

/** make as a user types it: without the variables and flags of the `make bench` it runs under. */
function plainMakeEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES']) delete env[name];
  return env;
}

export function measureBuildFacts(): BuildFacts {
  const env = plainMakeEnv();
  // The first make brings everything up to date; only then is a make a no-op.
  execFileSync('make', ['--no-print-directory'], { cwd: benchPaths.root, env, stdio: 'inherit' });
  const again = execFileSync('make', ['--no-print-directory'], { cwd: benchPaths.root, env, encoding: 'utf8' });
  if (!/Nothing to be done/.test(again)) throw new Error(`a second \`make\` in ${benchPaths.root} did work, so an incremental make is not a no-op:\n${again}`);

  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-bench-make-')), 'make.json');
  execFileSync('hyperfine', ['--warmup', '2', '--runs', '10', '--style', 'none', '--export-json', json, 'make --no-print-directory'], { cwd: benchPaths.root, env, stdio: 'ignore' });
  const [result] = (JSON.parse(fs.readFileSync(json, 'utf8')) as { results: { median: number; min: number; max: number; times: number[] }[] }).results;
  fs.rmSync(path.dirname(json), { recursive: true, force: true });
  return {
    defaultZipBytes: fs.statSync(benchPaths.defaultZip).size,
    helloZipBytes: fs.statSync(benchPaths.helloZip).size,
    noopMake: { medianSeconds: result.median, minSeconds: result.min, maxSeconds: result.max, runs: result.times.length },
  };
}
