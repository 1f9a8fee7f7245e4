// npm run build:prebuilds (and prepack): the prebuilt addons the package
// ships, as prebuildify lays them out: prebuilds/linux-x64/handoff.node and
// prebuilds/linux-arm64/handoff.node, each built with zig for glibc 2.17
// (scripts/build-addon.mjs), from whatever machine runs this. Not named
// `prebuild`: npm would run a script of that name before every `build`.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREBUILD_ARCHES = ['x64', 'arm64'];

for (const arch of PREBUILD_ARCHES) {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-addon.mjs'), `--arch=${arch}`], { cwd: root, stdio: 'inherit' });
}
