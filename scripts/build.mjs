// Builds dist/ with esbuild: the loader (index.js of function.zip) as one
// CommonJS file with no dependencies, and the CLI. Type-checking is tsc's job
// (`npm run typecheck`); this only transpiles and bundles.
import * as esbuild from 'esbuild';

const common = { bundle: true, platform: 'node', sourcemap: false, logLevel: 'warning', legalComments: 'none' };

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/loader/index.ts'],
    outfile: 'dist/loader/index.js',
    format: 'cjs',
    // The loader runs on Node.js 10.16 and later (Node-API 4; old lazy-loading
    // workers ran Node.js 10 and 12). It parses on Node.js 8, the runtime of
    // Cloud Functions' nodejs8 workers, so that there it can say it needs a
    // newer one (runtime-support.ts) instead of failing with a SyntaxError.
    target: 'node8',
    banner: { js: '// go-handoff loader: execs the Go binary beside it. https://github.com/go-handoff/go-handoff' },
    // Never runs: it tells Node.js's import() (cjs-module-lexer) that index.js
    // has a named export \`handler\`, Lambda's usual index.handler, which
    // aws-lambda-ric looks up when the hand-over could not happen.
    footer: { js: '0 && (module.exports = { handler });' },
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  }),
]);
