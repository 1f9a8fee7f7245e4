// go-handoff package: build the Go binary and write the function archive.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureAddon } from '../compile/addon-build';
import { type BuildOptions, BuildError, type BuildPlan, buildFunction, functionFolder } from '../compile/build-function';
import { workDirFor } from '../compile/build-paths';
import { type GoArch, nodeArch } from '../compile/go-flags';
import { readElf } from '../loader/elf';
import { loaderBundle, packageVersion } from '../paths';
import { type Progress, silentProgress } from '../progress';
import { archiveEntries, checkBinaryName } from './archive-entries';
import type { ArchiveFormat } from './archive-format';
import { writeArchive } from './archive-writer';

export interface PackageOptions {
  functionDir: string;
  /** The archive to write. */
  output: string;
  format?: ArchiveFormat;
  /** The Go binary's name inside the archive (the Makefile's HANDLER). */
  binaryName: string;
  goarch: GoArch;
  /** The addon to ship; defaults to the package's prebuild for goarch (built from native/ in a checkout when none fits). */
  addonFile?: string;
  /** --target: checked by the build, and served when the host names none. */
  target?: string;
  progress?: Progress;
}

export interface PackagedFunction {
  archive: string;
  format: ArchiveFormat;
  archiveBytes: number;
  binaryName: string;
  binaryBytes: number;
  goarch: GoArch;
  plan: BuildPlan;
  /** The addon shipped, and whether it was prebuilt, built just now or given with --addon. */
  addon: { file: string; how: 'prebuilt' | 'built' | 'given'; tried?: string; host?: string };
}

export async function packageFunction(options: PackageOptions): Promise<PackagedFunction> {
  const progress = options.progress ?? silentProgress;
  const format = options.format ?? 'zip';
  functionFolder(options.functionDir); // before a long addon build
  const nameProblem = checkBinaryName(options.binaryName);
  if (nameProblem) throw new BuildError(nameProblem);
  if (!fs.existsSync(loaderBundle)) throw new BuildError(`the loader bundle ${loaderBundle} is missing: run \`npm run build\` (make does it for you)`);
  const addon = options.addonFile ? { file: path.resolve(options.addonFile), how: 'given' as const } : await ensureAddon(options.goarch, progress);
  checkAddon(addon.file, options.goarch);
  const addonFile = addon.file;

  const build: BuildOptions = {
    functionDir: options.functionDir,
    goarch: options.goarch,
    output: path.join(workDirFor(options.functionDir, options.goarch) + '-out', options.binaryName),
    target: options.target,
    progress,
  };
  const { binary, plan } = await buildFunction(build);
  const entries = archiveEntries({
    description: { binary: options.binaryName, goos: 'linux', goarch: options.goarch, contract: plan.contract, functions: plan.functions?.map((f) => f.name), builtWith: packageVersion() },
    loaderFile: loaderBundle,
    addonFile,
    binaryFile: binary,
    nodeArch: nodeArch(options.goarch),
  });
  const archive = path.resolve(options.output);
  fs.mkdirSync(path.dirname(archive), { recursive: true });
  await progress.step(`write ${path.basename(archive)} (${format})`, () => writeArchive(entries, archive, format));
  return {
    archive,
    format,
    archiveBytes: format === 'dir' ? folderBytes(archive) : fs.statSync(archive).size,
    binaryName: options.binaryName,
    binaryBytes: fs.statSync(binary).size,
    goarch: options.goarch,
    plan,
    addon,
  };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** The addon must exist and be built for the archive's architecture. */
function checkAddon(file: string, goarch: GoArch): void {
  if (!fs.existsSync(file)) {
    throw new BuildError(`the addon ${file} is missing: build it with \`npm run build:addon\` (make does it for you)`);
  }
  const elf = readElf(fs.readFileSync(file).subarray(0, 4096));
  const wanted = nodeArch(goarch);
  if (!elf || elf.arch !== wanted) {
    throw new BuildError(`the addon ${file} is built for ${elf?.arch ?? 'no known machine'}, but the archive is for ${wanted} (GOARCH=${goarch}): build the addon for ${wanted} and pass it with --addon`);
  }
}
