// Where the benchmark's inputs and outputs are.
import * as path from 'node:path';

import { packageRoot } from '../src/paths';

const cache = path.join(packageRoot, '.cache', 'bench');

export const benchPaths = {
  root: packageRoot,
  cache,
  /** Built by the Makefile from bench/functions/*: the Go functions packaged by the CLI. */
  helloZip: path.join(cache, 'hello.zip'),
  payloadZip: path.join(cache, 'payload.zip'),
  /** test/fixtures/churn, for `make bench-memory`. */
  churnZip: path.join(cache, 'churn.zip'),
  /** bench/proxy/proxy.ts, bundled (bench/build.mjs). */
  proxy: path.join(cache, 'proxy.mjs'),
  helloJs: path.join(packageRoot, 'bench', 'functions', 'hello-js'),
  payloadJs: path.join(packageRoot, 'bench', 'functions', 'payload-js'),
  postJsonScript: path.join(packageRoot, 'bench', 'load', 'post-json.lua'),
  /** The hello-world archive plain `make` builds. */
  defaultZip: path.join(packageRoot, 'function.zip'),
  results: path.join(packageRoot, 'bench', 'RESULTS.md'),
  rawResults: path.join(cache, 'results.json'),
};
