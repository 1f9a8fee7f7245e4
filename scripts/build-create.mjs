// Builds the create-go-handoff package (its prepack): dist/index.js, one file
// that carries go-handoff's templates (each function's, and the Firebase
// project) as data, read from go/examples/<template> by the code
// `go-handoff init` reads them with (src/init/template-files.ts), so the two
// cannot drift; and LICENSE. The package then needs nothing at run time.
//
// Its version is go-handoff's: this refuses to build when the two
// package.json files disagree (`npm version` at the root sets both, through
// scripts/sync-version.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const createDir = path.join(root, 'packages', 'create-go-handoff');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

const { version } = readJson(path.join(root, 'package.json'));
const createVersion = readJson(path.join(createDir, 'package.json')).version;
if (createVersion !== version) {
  console.error(`create-go-handoff is ${createVersion} and go-handoff ${version}: they are released together. Run \`node scripts/sync-version.mjs\` (npm version does it).`);
  process.exit(1);
}

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', legalComments: 'none' };

// go-handoff init's templates, read by init's own reader (both TypeScript:
// bundled first, then imported).
const readerFile = path.join(root, '.cache', 'create-go-handoff', 'read-templates.mjs');
await esbuild.build({
  ...common,
  stdin: {
    contents: `export { readTemplateFiles } from './src/init/template-files';
export { TEMPLATES } from './src/init/templates';`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile: readerFile,
});
const { readTemplateFiles, TEMPLATES } = await import(pathToFileURL(readerFile).href);
const templates = Object.fromEntries(TEMPLATES.map((name) => [name, readTemplateFiles(path.join(root, 'go', 'examples', name))]));

await esbuild.build({
  ...common,
  entryPoints: [path.join(createDir, 'src', 'cli.ts')],
  outfile: path.join(createDir, 'dist', 'index.js'),
  define: { GO_HANDOFF_TEMPLATES: JSON.stringify(templates), GO_HANDOFF_VERSION: JSON.stringify(version) },
  banner: { js: `// create-go-handoff ${version}: writes a go-handoff project; go-handoff's templates are inside. https://github.com/go-handoff/go-handoff` },
});
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(createDir, 'LICENSE'));
