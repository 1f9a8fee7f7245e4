// Where scripts/install-lambda-ric.mjs (run by `make check`) puts the real
// aws-lambda-ric, and the Node.js 22 it runs on (scripts/install-node.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './archives';
import { installedNode } from './host-nodes';

const dir = path.join(repoRoot, '.cache', 'lambda-ric');

export const lambdaRic = {
  node: installedNode('22').path,
  client: path.join(dir, 'client', 'node_modules', 'aws-lambda-ric', 'index.mjs'),
};

/** Throws, saying how to install it, when it is not installed. */
export function requireLambdaRic(): typeof lambdaRic {
  if (!fs.existsSync(path.join(dir, '.installed'))) {
    throw new Error(`aws-lambda-ric is not installed in ${dir}: run \`make check\`, or \`node scripts/install-lambda-ric.mjs\`, which install it`);
  }
  return lambdaRic;
}
