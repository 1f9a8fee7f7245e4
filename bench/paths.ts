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
  /** make bench-lambda's function: packaged by the CLI, and built with go build on aws-lambda-go (bench/functions/lambda-work*). */
  lambdaWorkZip: path.join(cache, 'lambda-work.zip'),
  lambdaWorkAws: path.join(cache, 'lambda-work-aws', 'handler'),
  /** test/fixtures/churn, for `make bench-memory`. */
  churnZip: path.join(cache, 'churn.zip'),
  /** bench/proxy/proxy.ts, bundled (bench/build.mjs). */
  proxy: path.join(cache, 'proxy.mjs'),
  helloJs: path.join(packageRoot, 'bench', 'functions', 'hello-js'),
  payloadJs: path.join(packageRoot, 'bench', 'functions', 'payload-js'),
  lambdaWorkJs: path.join(packageRoot, 'bench', 'functions', 'lambda-work-js'),
  postJsonScript: path.join(packageRoot, 'bench', 'load', 'post-json.lua'),
  /** The hello-world archive plain `make` builds. */
  defaultZip: path.join(packageRoot, 'function.zip'),
  results: path.join(packageRoot, 'bench', 'RESULTS.md'),
  rawResults: path.join(cache, 'results.json'),
};
