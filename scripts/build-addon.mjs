// Builds the addon with node-gyp, offline. node-gyp would otherwise download
// Node's headers, which fails on machines without internet access; the addon
// uses Node-API only, so the four headers of the node-api-headers package
// (pinned in package-lock.json, so every machine builds the same bytes) are
// all it needs. They are laid out as a node-gyp "nodedir" in
// node_modules/.cache (node-gyp rebuild empties build/).
//
//   node scripts/build-addon.mjs              this machine's addon, with its own C++ compiler:
//                                             build/Release/handoff.node (the addon tests load it)
//   node scripts/build-addon.mjs --arch=arm64 a prebuild, with zig (scripts/install-zig.mjs) for
//                                             linux-arm64 and glibc 2.17, from any machine:
//                                             prebuilds/linux-arm64/handoff.node (or --out=<file>)
//
// The archives ship the prebuilds (npm run build:prebuilds builds both); the
// packager builds a missing one itself, from a checkout.
// GO_HANDOFF_NODEDIR=<folder> builds against another nodedir instead, and
// GO_HANDOFF_NODEDIR=node against the headers installed with this Node.js.
// Other arguments go to node-gyp.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { installZig } from './install-zig.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The prebuilds' targets: zig's target triple, pinned to glibc 2.17, the
// oldest glibc of the hosts go-handoff supports.
const ZIG_TARGETS = {
  x64: 'x86_64-linux-gnu.2.17',
  arm64: 'aarch64-linux-gnu.2.17',
};

function nodedirFromPackage() {
  const headers = path.dirname(require.resolve('node-api-headers/package.json'));
  const nodedir = path.join(root, 'node_modules', '.cache', 'go-handoff', 'node-api-nodedir');
  const include = path.join(nodedir, 'include', 'node');
  fs.mkdirSync(include, { recursive: true });
  for (const file of fs.readdirSync(path.join(headers, 'include'))) {
    fs.copyFileSync(path.join(headers, 'include', file), path.join(include, file));
  }
  // node-gyp reads these two files. Node's own common.gypi holds the build
  // configurations; a Node-API addon needs nothing else from either.
  const commonGypi = {
    target_defaults: {
      default_configuration: 'Release',
      cflags: ['-pthread'],
      ldflags: ['-pthread'],
      configurations: { Release: { cflags: ['-O3'] }, Debug: { cflags: ['-g', '-O0'] } },
    },
  };
  fs.writeFileSync(path.join(include, 'common.gypi'), JSON.stringify(commonGypi, null, 2) + '\n');
  fs.writeFileSync(path.join(include, 'config.gypi'), JSON.stringify({ target_defaults: {}, variables: {} }) + '\n');
  return nodedir;
}

function chooseNodedir(override) {
  if (!override) return nodedirFromPackage();
  if (override === 'node') return path.resolve(path.dirname(process.execPath), '..');
  return path.resolve(override);
}

function fail(message) {
  console.error(`go-handoff: ${message}`);
  process.exit(1);
}

/**
 * The compiler variables of a zig build. -s and --gc-sections keep the addon
 * small: libc++ is linked in statically, and only what the addon calls of it
 * stays.
 */
function zigEnvironment(arch) {
  const target = ZIG_TARGETS[arch];
  if (!target) fail(`go-handoff builds the addon for ${Object.keys(ZIG_TARGETS).map((a) => `linux-${a}`).join(' and ')} only, not linux-${arch}`);
  let zig;
  try {
    zig = installZig();
  } catch (error) {
    fail(error.message);
  }
  const cc = `${zig} cc -target ${target}`;
  const cxx = `${zig} c++ -target ${target}`;
  return { target, env: { CC: cc, CXX: cxx, LINK: `${cxx} -s -Wl,--gc-sections`, AR: `${zig} ar` } };
}

function nodeGyp(cwd, nodedir, extraArgs, env = {}) {
  const args = [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', `--nodedir=${nodedir}`, '--loglevel=warn', ...extraArgs];
  execFileSync(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
}

/**
 * A prebuild: linux-<arch>'s addon, built with zig for glibc 2.17 on any
 * machine. node-gyp always builds into <cwd>/build and empties it first, so
 * the build runs in a folder of its own that sees the same sources; one per
 * process, so that concurrent builds do not trample each other. The file is
 * renamed into place, whole.
 */
function zigBuild(arch, nodedir, out, extraArgs) {
  const { target, env } = zigEnvironment(arch);
  const staging = path.join(root, 'build', `zig-${arch}-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    fs.copyFileSync(path.join(root, 'binding.gyp'), path.join(staging, 'binding.gyp'));
    fs.symlinkSync(path.join(root, 'native'), path.join(staging, 'native'));
    console.log(`go-handoff: building the addon for linux-${arch} with zig c++ -target ${target} (on ${process.platform}-${process.arch})`);
    nodeGyp(staging, nodedir, [`--arch=${arch}`, ...extraArgs], env);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const partial = `${out}.${process.pid}.partial`;
    fs.copyFileSync(path.join(staging, 'build', 'Release', 'handoff.node'), partial);
    fs.renameSync(partial, out);
    console.log(`go-handoff: wrote ${path.relative(process.cwd(), out) || out}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const archArg = args.find((arg) => arg.startsWith('--arch='));
const outArg = args.find((arg) => arg.startsWith('--out='));
const extraArgs = args.filter((arg) => arg !== archArg && arg !== outArg);
const nodedir = chooseNodedir(process.env.GO_HANDOFF_NODEDIR);

if (!archArg) {
  console.log(`go-handoff: building the addon for this machine with node-gyp against ${path.relative(root, nodedir) || nodedir}`);
  nodeGyp(root, nodedir, extraArgs);
} else {
  const arch = archArg.slice('--arch='.length);
  const out = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(root, 'prebuilds', `linux-${arch}`, 'handoff.node');
  zigBuild(arch, nodedir, out, extraArgs);
}
