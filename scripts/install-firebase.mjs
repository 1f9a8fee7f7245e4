// Installs the host of the Firebase emulator test into .cache/firebase:
//
//   tools/      firebase-tools, the Firebase CLI, whose functions emulator
//               runs offline with a demo- project and needs no Java (only
//               the other emulators do).
//   functions/  what the firebase template's functions/package.json depends
//               on (firebase-functions, firebase-admin), at locked versions:
//               the test installs them into the project it generates from
//               here, offline, as a user's `npm install` would from the
//               registry.
//
// The versions are locked in test/hosts/firebase/. Running it again does
// nothing until those files change. firebase-tools is large (about 280 MB,
// 600 packages): the first install takes a few minutes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(root, 'test', 'hosts', 'firebase');
const dest = path.join(root, '.cache', 'firebase');
const stamp = path.join(dest, '.installed');
const PARTS = ['tools', 'functions'];

function fingerprint() {
  const hash = createHash('sha256');
  for (const part of PARTS) {
    for (const file of ['package.json', 'package-lock.json']) hash.update(fs.readFileSync(path.join(sources, part, file)));
  }
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

function npmCi(part) {
  const dir = path.join(dest, part);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(sources, part, file), path.join(dir, file));
  const started = Date.now();
  try {
    // No install scripts: none of these packages needs its own to work (they
    // print notices or fetch optional extras), and npm 11 warns about each.
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`npm ci in ${dir} failed (${error.message.split('\n')[0]}); its output is above`);
  }
  console.log(`install-firebase: ${part} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function main() {
  const wanted = fingerprint();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  fs.rmSync(dest, { recursive: true, force: true });
  console.log('install-firebase: firebase-tools and the template\'s firebase-functions and firebase-admin, from the npm registry (a few minutes the first time)');
  for (const part of PARTS) npmCi(part);
  const cli = path.join(dest, 'tools', 'node_modules', 'firebase-tools', 'lib', 'bin', 'firebase.js');
  if (!fs.existsSync(cli)) throw new Error(`firebase-tools installed without its CLI ${cli}`);
  fs.writeFileSync(stamp, wanted);
  console.log(`install-firebase: ready in ${dest}`);
}

try {
  main();
} catch (error) {
  console.error(`install-firebase: ${error.message}`);
  process.exit(1);
}
