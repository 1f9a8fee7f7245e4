// Installs zig into .cache/zig from PyPI's ziglang package, the cross
// toolchain of the addon's prebuilds (scripts/build-addon.mjs --arch=...).
//
// Why zig, from PyPI: one download builds the addon for linux-x64 and
// linux-arm64 from any machine (a Linux or macOS laptop, x64 or arm64), and
// its `-target aarch64-linux-gnu.2.17` links against glibc 2.17's symbol
// versions whatever glibc the build machine has, with libc++ linked in
// statically (no libstdc++ version to need). Debian's cross compilers give
// neither, and exist only on Debian. PyPI is a registry every contributor's
// machine (and CI) already reaches, and python3 with pip is all it takes.
//
//   node scripts/install-zig.mjs     prints the zig executable's path
//
// Pinned, so every machine builds the same addon; GO_HANDOFF_ZIG=<zig> uses
// another zig instead (a zig installed by hand, say).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ZIG_VERSION = '0.15.2';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.cache', 'zig');
const marker = path.join(target, '.installed');

/** The zig executable, installed first when it is missing. */
export function installZig(log = (line) => console.error(line)) {
  if (process.env.GO_HANDOFF_ZIG) return process.env.GO_HANDOFF_ZIG;
  const zig = path.join(target, 'ziglang', process.platform === 'win32' ? 'zig.exe' : 'zig');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === ZIG_VERSION && fs.existsSync(zig)) return zig;
  log(`go-handoff: installing zig ${ZIG_VERSION} (PyPI's ziglang) into ${path.relative(process.cwd(), target) || target}, once`);
  fs.rmSync(target, { recursive: true, force: true });
  const python = process.env.PYTHON ?? 'python3';
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-compile', '--target', target, `ziglang==${ZIG_VERSION}`];
  try {
    execFileSync(python, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } });
  } catch (error) {
    throw new Error(
      `installing zig failed (${python} ${args.join(' ')}: ${error.message.split('\n')[0]}).\n` +
        'The addon\'s cross builds need python3 with pip (to fetch PyPI\'s ziglang package), or GO_HANDOFF_ZIG set to a zig ' + ZIG_VERSION + ' executable.',
    );
  }
  if (!fs.existsSync(zig)) throw new Error(`pip installed ziglang ${ZIG_VERSION} into ${target}, but ${zig} is not there`);
  fs.writeFileSync(marker, ZIG_VERSION + '\n');
  return zig;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(installZig());
  } catch (error) {
    console.error(`go-handoff: ${error.message}`);
    process.exit(1);
  }
}
