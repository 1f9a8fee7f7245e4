// Builds the addon with node-gyp, offline. node-gyp would otherwise download
// Node's headers, which fails on machines without internet access; the addon
// uses Node-API only, so the four headers of the node-api-headers package
// (pinned in package-lock.json, so every machine builds the same bytes) are
// all it needs. They are laid out as a node-gyp "nodedir" in
// node_modules/.cache (node-gyp rebuild empties build/).
//
//   node scripts/build-addon.mjs              this machine's addon: build/Release/handoff.node
//   node scripts/build-addon.mjs --arch=arm64 another architecture's, cross-compiled with
//                                             Debian's cross toolchain: build/arm64/handoff.node
//
// GO_HANDOFF_NODEDIR=<folder> builds against another nodedir instead, and
// GO_HANDOFF_NODEDIR=node against the headers installed with this Node.js.
// Other arguments go to node-gyp.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// process.arch -> the GNU triplet of Debian's cross compilers and the package that has them.
const CROSS_TOOLCHAINS = {
  arm64: { triplet: 'aarch64-linux-gnu', debianPackage: 'g++-aarch64-linux-gnu' },
  x64: { triplet: 'x86_64-linux-gnu', debianPackage: 'g++-x86-64-linux-gnu' },
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

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

function fail(message) {
  console.error(`go-handoff: ${message}`);
  process.exit(1);
}

/** The compiler variables of a cross build; CC, CXX, LINK and AR already set win. */
function crossEnvironment(arch) {
  const toolchain = CROSS_TOOLCHAINS[arch];
  if (!toolchain) fail(`cannot cross-compile the addon for ${arch}: go-handoff knows the cross toolchains of ${Object.keys(CROSS_TOOLCHAINS).join(' and ')} only. Build it on a ${arch} machine with \`npm run build:addon\`.`);
  const compiler = process.env.CXX ?? `${toolchain.triplet}-g++`;
  if (!onPath(compiler) && !fs.existsSync(compiler)) {
    fail(
      `building the addon for linux-${arch} on this ${process.arch} machine needs a cross compiler, and ${compiler} is not on PATH.\n` +
        `Install Debian's (or Ubuntu's) cross toolchain: \`sudo apt-get install ${toolchain.debianPackage}\` (or set CXX to another ${arch} compiler),\n` +
        `or build the addon on a linux-${arch} machine (\`npm run build:addon\` there) and pass its build/Release/handoff.node to \`go-handoff package --addon\`.`,
    );
  }
  return {
    CC: process.env.CC ?? `${toolchain.triplet}-gcc`,
    CXX: compiler,
    LINK: process.env.LINK ?? compiler,
    AR: process.env.AR ?? `${toolchain.triplet}-ar`,
  };
}

function nodeGyp(cwd, nodedir, extraArgs, env = {}) {
  const args = [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', `--nodedir=${nodedir}`, '--loglevel=warn', ...extraArgs];
  execFileSync(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
}

/**
 * node-gyp always builds into <cwd>/build and empties it first, so another
 * architecture is built in a folder of its own that sees the same sources;
 * one per process, so that concurrent builds do not trample each other.
 */
function crossBuild(arch, nodedir, extraArgs) {
  const env = crossEnvironment(arch);
  const outDir = path.join(root, 'build', arch);
  const staging = path.join(outDir, `gyp-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    fs.copyFileSync(path.join(root, 'binding.gyp'), path.join(staging, 'binding.gyp'));
    fs.symlinkSync(path.join(root, 'native'), path.join(staging, 'native'));
    console.log(`go-handoff: cross-compiling the addon for linux-${arch} with ${env.CXX}`);
    nodeGyp(staging, nodedir, [`--arch=${arch}`, ...extraArgs], env);
    const partial = path.join(outDir, `.handoff.node.${process.pid}`);
    fs.copyFileSync(path.join(staging, 'build', 'Release', 'handoff.node'), partial);
    fs.renameSync(partial, path.join(outDir, 'handoff.node'));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

const archArg = process.argv.slice(2).find((arg) => arg.startsWith('--arch='));
const arch = archArg ? archArg.slice('--arch='.length) : process.arch;
const extraArgs = process.argv.slice(2).filter((arg) => arg !== archArg);
const nodedir = chooseNodedir(process.env.GO_HANDOFF_NODEDIR);

if (arch === process.arch) {
  console.log(`go-handoff: building the addon with node-gyp against ${path.relative(root, nodedir) || nodedir}`);
  nodeGyp(root, nodedir, extraArgs);
} else {
  crossBuild(arch, nodedir, extraArgs);
}
