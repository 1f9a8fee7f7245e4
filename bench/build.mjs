// Bundles the benchmark (TypeScript) into .cache/bench/ with esbuild, as
// scripts/build.mjs does for the CLI: the runner, and the proxy of variant
// (iii), which runs as a Node.js program of its own, the cold-start runner
// (bench/cold-start), the memory one (bench/memory) and the Lambda Managed
// Instances one (bench/lambda).
import * as esbuild from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', legalComments: 'none' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['bench/main.ts'], outfile: '.cache/bench/bench.mjs' }),
  esbuild.build({ ...common, entryPoints: ['bench/proxy/proxy.ts'], outfile: '.cache/bench/proxy.mjs' }),
  esbuild.build({ ...common, entryPoints: ['bench/cold-start/main.ts'], outfile: '.cache/bench/cold-start.mjs' }),
  esbuild.build({ ...common, entryPoints: ['bench/memory/main.ts'], outfile: '.cache/bench/memory.mjs' }),
  esbuild.build({ ...common, entryPoints: ['bench/lambda/main.ts'], outfile: '.cache/bench/lambda.mjs' }),
]);
