// Installs functions-framework the way Cloud Functions' Node.js buildpack
// does for a function that does not depend on it, into a layer of its own
// (GoogleCloudPlatform/buildpacks, cmd/nodejs/functions_framework/lib/lib.go,
// installFunctionsFramework: `npm ci --quiet --production --prefix <layer>`
// on the converter's package.json and lock). The versions are locked in
// test/hosts/cloud-functions-layer/; test/e2e/cloud-functions-launch.test.ts
// launches functions from .cache/cloud-functions-layer. Running it again
// does nothing until those files change.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(root, 'test', 'hosts', 'cloud-functions-layer');
const layer = path.join(root, '.cache', 'cloud-functions-layer');
const stamp = path.join(layer, '.installed');
const FILES = ['package.json', 'package-lock.json'];

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of FILES) hash.update(fs.readFileSync(path.join(sources, file)));
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

function main() {
  const wanted = fingerprint();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  fs.rmSync(layer, { recursive: true, force: true });
  fs.mkdirSync(layer, { recursive: true });
  for (const file of FILES) fs.copyFileSync(path.join(sources, file), path.join(layer, file));
  try {
    execFileSync('npm', ['ci', '--quiet', '--omit=dev', '--no-audit', '--no-fund', '--prefix', layer], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`npm ci --prefix ${layer} failed (${error.message.split('\n')[0]}); its output is above`);
  }
  const bin = path.join(layer, 'node_modules', '.bin', 'functions-framework');
  if (!fs.existsSync(bin)) throw new Error(`functions-framework installed without its bin ${bin}`);
  fs.writeFileSync(stamp, wanted);
  console.log(`install-cloud-functions-layer: functions-framework ready in ${layer}`);
}

try {
  main();
} catch (error) {
  console.error(`install-cloud-functions-layer: ${error.message}`);
  process.exit(1);
}
