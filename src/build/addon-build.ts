// The prebuilt addon an archive ships, for the archive's architecture. This
// machine's own comes from `npm ci` (scripts/build-addon.mjs); another
// architecture's is cross-compiled on first use, and again whenever the
// addon's sources are newer than it.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ADDON_FILE } from '../loader/addon';
import { builtAddon, packageRoot } from '../paths';
import { type Progress, silentProgress } from '../progress';
import { BuildError } from './build-function';
import { type GoArch, nodeArch } from './go-flags';

/** Where scripts/build-addon.mjs leaves the addon for a process.arch. */
export function addonFileFor(arch: string, hostArch: string = process.arch, root = packageRoot): string {
  return arch === hostArch ? builtAddon : path.join(root, 'build', arch, ADDON_FILE);
}

/** The addon's sources, when this is a checkout (an installed package may have none). */
function addonSources(): string[] {
  const native = path.join(packageRoot, 'native');
  const files = fs.existsSync(native) ? fs.readdirSync(native).map((name) => path.join(native, name)) : [];
  return [path.join(packageRoot, 'binding.gyp'), ...files].filter((file) => fs.existsSync(file));
}

export function isOutOfDate(file: string, sources: string[]): boolean {
  if (!fs.existsSync(file)) return true;
  const built = fs.statSync(file).mtimeMs;
  return sources.some((source) => fs.statSync(source).mtimeMs > built);
}

/** The addon for goarch, built first when it is missing or older than its sources. */
export async function ensureAddon(goarch: GoArch, progress: Progress = silentProgress): Promise<string> {
  const arch = nodeArch(goarch);
  const file = addonFileFor(arch);
  if (!isOutOfDate(file, addonSources())) return file;
  const how = arch === process.arch ? 'node-gyp' : 'cross-compiled';
  await progress.step(`addon build (linux-${arch}, ${how})`, () => runAddonBuild(arch));
  return file;
}

function runAddonBuild(arch: string): Promise<void> {
  const script = path.join(packageRoot, 'scripts', 'build-addon.mjs');
  const args = arch === process.arch ? [script] : [script, `--arch=${arch}`];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageRoot, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const output = `${stderr}`.trim() || `${stdout}`.trim() || error.message;
      reject(new BuildError(`the addon for linux-${arch} could not be built (node ${args.join(' ')}):\n${output.replace(/^go-handoff: /gm, '')}`));
    });
  });
}
