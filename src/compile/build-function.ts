// Builds a function folder into a static Linux binary: the Go SDK's prepare
// step makes a buildable copy, then `go build` compiles it.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SDK_MODULE } from '../init/go-mod';
import { packageVersion, sdkDir } from '../paths';
import { type Progress, silentProgress } from '../progress';
import type { PreparePlan } from '../schema';
import { rewriteBuildPaths, workDirFor } from './build-paths';
import { GoCommandError, runGo } from './go-command';
import { type GoArch, goBuildArgs, goBuildEnv } from './go-flags';

/** What the prepare step found, and what the build added to it. */
export interface BuildPlan extends PreparePlan {
  /** The Go SDK the function was built with: always the one shipped with this go-handoff. */
  sdk?: { module: string; dir: string; version: string };
}

export interface BuildOptions {
  functionDir: string;
  goarch: GoArch;
  output: string;
  /** Build for this machine instead of linux/<goarch> (make godev). */
  native?: boolean;
  /** The function named with --target: the build fails when there is none of that name, and serves it when the host names none. */
  target?: string;
  progress?: Progress;
}

export interface FunctionBuild {
  binary: string;
  plan: BuildPlan;
}

/** A build that failed for a reason in the user's code or setup: its message is for them. */
export class BuildError extends Error {}

/** The function folder, absolute, or an error naming what is there instead. */
export function functionFolder(dir: string): string {
  const source = path.resolve(dir);
  if (!fs.existsSync(source)) throw new BuildError(`the function folder ${source} does not exist`);
  if (!fs.statSync(source).isDirectory()) throw new BuildError(`${source} is a file: give the folder that holds the function`);
  return source;
}

export async function buildFunction(options: BuildOptions): Promise<FunctionBuild> {
  const source = functionFolder(options.functionDir);
  const work = workDirFor(source, options.goarch);
  const progress = options.progress ?? silentProgress;
  const output = path.resolve(options.output);
  const explain = (error: unknown, what: string) => {
    if (error instanceof GoCommandError) return new BuildError(`${what} ${source} failed:\n${rewriteBuildPaths(error.stderr.trim(), work, source)}`);
    return error;
  };

  let plan: BuildPlan;
  try {
    const prepared = await progress.step('go mod tidy (copy the folder, resolve modules)', () =>
      runGo(['run', './internal/cmd/prepare', '-src', source, '-work', work, '-sdk', sdkDir, '-goarch', options.goarch, ...(options.target ? ['-target', options.target] : [])], { cwd: sdkDir }),
    );
    plan = JSON.parse(prepared.stdout);
    // The function's go.mod may require any version, or replace the SDK with
    // any folder: prepare replaced it with this one, whose Go side matches the
    // archive's loader.
    plan.sdk = { module: SDK_MODULE, dir: sdkDir, version: packageVersion() };
  } catch (error) {
    throw explain(error, 'Preparing');
  }
  fs.mkdirSync(path.dirname(output), { recursive: true });
  try {
    const target = options.native ? 'this machine' : `linux/${options.goarch}`;
    await progress.step(`go build (${target})`, () => runGo(goBuildArgs(plan.package, output), { cwd: work, env: goBuildEnv(options.goarch, options.native) }));
  } catch (error) {
    throw explain(error, 'Compiling');
  }
  return { binary: output, plan };
}
