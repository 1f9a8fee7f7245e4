// Builds the addon with node-gyp, offline. node-gyp would otherwise download
// Node's headers, which fails on machines without internet access; the addon
// uses Node-API only, so the four headers of the node-api-headers package
// (pinned in package-lock.json, so every machine builds the same bytes) are
// all it needs. They are laid out as a node-gyp "nodedir" in
// node_modules/.cache (node-gyp rebuild empties build/).
//
// GO_HANDOFF_NODEDIR=<folder> builds against another nodedir instead, and
// GO_HANDOFF_NODEDIR=node against the headers installed with this Node.js.
// Extra arguments go to node-gyp (e.g. --arch=arm64).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

const nodedir = chooseNodedir(process.env.GO_HANDOFF_NODEDIR);
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [nodeGyp, 'rebuild', `--nodedir=${nodedir}`, '--loglevel=warn', ...process.argv.slice(2)];
console.log(`go-handoff: building the addon with node-gyp against ${path.relative(root, nodedir) || nodedir}`);
execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
