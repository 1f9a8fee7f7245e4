// The prebuilt addon an archive ships, for the archive's architecture, found
// as node-gyp-build finds one: prebuilds/linux-<arch>/handoff.node of this
// package (npm run build:prebuilds made it, the installed package ships it). Only
// when none fits, and only in a checkout (native/ is not in the package), is
// it built from native/, with zig for glibc 2.17, whatever this machine is:
// never with this machine's own compiler, whose output a Linux host of the
// archive's architecture may not load (a Mach-O file on macOS, another arch).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ADDON_FILE } from '../loader/addon';
import { readElf } from '../loader/elf';
import { packageRoot } from '../paths';
import { type Progress, silentProgress } from '../progress';
import { BuildError } from './build-function';
import { type GoArch, nodeArch } from './go-flags';
import { hostPlatform } from './host-platform';

/** Overrides the prebuilds folder (tests; a developer's own builds). */
export const PREBUILDS_OVERRIDE = 'GO_HANDOFF_PREBUILDS';

export function prebuildsDir(env: NodeJS.ProcessEnv = process.env, root = packageRoot): string {
  return env[PREBUILDS_OVERRIDE] ? path.resolve(env[PREBUILDS_OVERRIDE]) : path.join(root, 'prebuilds');
}

/** prebuilds/linux-<arch>/handoff.node, as prebuildify lays it out. */
export function prebuildFile(arch: string, dir: string = prebuildsDir()): string {
  return path.join(dir, `linux-${arch}`, ADDON_FILE);
}

/** The addon's sources, when this is a checkout (the installed package has none). */
export function addonSources(root = packageRoot): string[] {
  const native = path.join(root, 'native');
  if (!fs.existsSync(native)) return [];
  return [path.join(root, 'binding.gyp'), ...fs.readdirSync(native).map((name) => path.join(native, name))].filter((file) => fs.existsSync(file));
}

export function isOutOfDate(file: string, sources: string[]): boolean {
  if (!fs.existsSync(file)) return true;
  const built = fs.statSync(file).mtimeMs;
  return sources.some((source) => fs.statSync(source).mtimeMs > built);
}

/** Why file is no addon for linux-<arch>, or undefined when it is one. */
export function unfitReason(file: string, arch: string, sources: string[]): string | undefined {
  if (!fs.existsSync(file)) return 'not there';
  const elf = readElf(fs.readFileSync(file).subarray(0, 4096));
  if (!elf) return 'not an ELF file';
  if (elf.arch !== arch) return `built for ${elf.arch}`;
  if (isOutOfDate(file, sources)) return 'older than the sources in native/';
  return undefined;
}

export interface ChosenAddon {
  file: string;
  /** prebuilt: found; built: built from native/ just now. */
  how: 'prebuilt' | 'built';
  /** When built: the prebuild tried first, and why it did not fit. */
  tried?: string;
  /** When built: the machine it was built on (hostPlatform). */
  host?: string;
}

/** The addon for goarch: the prebuild, else (in a checkout) one built from native/. */
export async function ensureAddon(goarch: GoArch, progress: Progress = silentProgress, env: NodeJS.ProcessEnv = process.env, root = packageRoot): Promise<ChosenAddon> {
  const arch = nodeArch(goarch);
  const file = prebuildFile(arch, prebuildsDir(env, root));
  const sources = addonSources(root);
  const reason = unfitReason(file, arch, sources);
  if (!reason) return { file, how: 'prebuilt' };
  const tried = `${file}: ${reason}`;
  if (sources.length === 0) {
    throw new BuildError(
      `no prebuilt addon for linux-${arch} fits. Tried:\n  ${tried}\n` +
        `This go-handoff has no native/ sources to build one from. Reinstall it (\`npm install --save-dev go-handoff\`), whose package ships prebuilds for linux-x64 and linux-arm64, or pass an addon built for linux-${arch} with --addon.`,
    );
  }
  const host = hostPlatform(env);
  await progress.step(`addon build (linux-${arch}, from native/ with zig: no prebuild fits)`, () => runAddonBuild(arch, file, root));
  return { file, how: 'built', tried, host };
}

function runAddonBuild(arch: string, out: string, root: string): Promise<void> {
  const args = [path.join(root, 'scripts', 'build-addon.mjs'), `--arch=${arch}`, `--out=${out}`];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const output = `${stderr}`.trim() || `${stdout}`.trim() || error.message;
      reject(new BuildError(`the addon for linux-${arch} could not be built (node ${args.join(' ')}):\n${output.replace(/^go-handoff: /gm, '')}`));
    });
  });
}
