// Where scripts/install-lambda-ric.mjs (run by `make check`) puts the real
// aws-lambda-ric, once for each Node.js of Lambda's managed runtimes
// (nodejs22.x, nodejs24.x), and that Node.js (scripts/install-node.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './archives';
import { installedNode } from './host-nodes';

const dir = path.join(repoRoot, '.cache', 'lambda-ric');

export interface LambdaRic {
  /** For test names: "Node.js v22.23.3". */
  label: string;
  node: string;
  /** aws-lambda-ric's index.mjs, the managed runtime's /var/runtime/index.mjs. */
  client: string;
}

/** Lambda's managed Node.js runtimes that run aws-lambda-ric 4: folders of test/hosts/node/. */
export type RicNode = '22' | '24';

export function lambdaRicOn(folder: RicNode): LambdaRic {
  const node = installedNode(folder);
  return { label: node.label, node: node.path, client: path.join(dir, folder, 'client', 'node_modules', 'aws-lambda-ric', 'index.mjs') };
}

/** AWS_EXECUTION_ENV of Lambda's managed runtime on ric's Node.js: AWS_Lambda_nodejs22.x, AWS_Lambda_nodejs24.x. */
export function executionEnv(ric: LambdaRic): string {
  return `AWS_Lambda_nodejs${ric.label.match(/v(\d+)/)![1]}.x`;
}

/** The one the tests run when the Node.js version is not what they are about: nodejs22.x's. */
export const lambdaRic = lambdaRicOn('22');

/** Throws, saying how to install it, when it is not installed. */
export function requireLambdaRic(ric: LambdaRic = lambdaRic): LambdaRic {
  if (!fs.existsSync(path.join(dir, '.installed')) || !fs.existsSync(ric.client)) {
    throw new Error(`aws-lambda-ric is not installed for ${ric.label} in ${dir}: run \`make check\`, or \`node scripts/install-lambda-ric.mjs\`, which install it`);
  }
  return ric;
}
