// Writes a go-handoff project, as create-vite does for Vite: the function
// folder (from go-handoff's own `init`, so its templates and this scaffold
// cannot drift), a package.json whose scripts drive go-handoff, a .gitignore
// and a short README. The firebase template is a Firebase project instead:
// init writes it whole (firebase.json, functions/ whose package.json lists
// go-handoff, go/), and this adds the README. Installs nothing: the user runs
// `npm install`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);

/** The function folder inside the project. */
export const FUNCTION_DIR = 'function';

const USAGE = `Usage: npm create go-handoff@latest [dir] [-- options]

Creates a go-handoff project in dir (default: go-function), which must be new
or empty: a Go function in dir/${FUNCTION_DIR}, and npm scripts to build, serve
and package it. With --template firebase, a Firebase project: firebase.json,
functions/ (its package.json lists go-handoff) and the Go functions in go/.

Options:
  -t, --template <name>  http (default), json, bytes, event or firebase
                         (go-handoff init --help)
      --go-handoff <spec>  the go-handoff devDependency (default: ^<this version>;
                         a tarball or a folder works too)
  -h, --help             this text`;

/** The project's package.json. Pure. */
export function projectManifest(name, goHandoffSpec) {
  return {
    name,
    version: '0.0.0',
    private: true,
    scripts: {
      build: `go-handoff build ${FUNCTION_DIR} -o build/handler`,
      start: `go-handoff serve ${FUNCTION_DIR} --watch`,
      package: `go-handoff package ${FUNCTION_DIR} -o function.zip`,
    },
    devDependencies: { 'go-handoff': goHandoffSpec },
  };
}

/** An npm package name from a folder name. Pure. */
export function packageNameFor(folderName) {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-._~]+|[-._~]+$/g, '');
  return name || 'go-function';
}

const GITIGNORE = `node_modules/
build/
function.zip
function.tar.gz
`;

function readme(name) {
  return `# ${name}

A Go function for Node.js-only serverless hosts, built with [go-handoff](https://github.com/go-handoff/go-handoff).
Its code is in \`${FUNCTION_DIR}/\` (start with \`${FUNCTION_DIR}/main.go\`).

    npm install
    npm start          # serve it on http://localhost:8080/execute, rebuilt on every change
    npm run package    # function.zip, to deploy as a Node.js function
    npm run build      # just compile it, into build/handler

Deploy \`function.zip\`'s contents as a Node.js HTTP function (Cloud Functions,
Cloud Run functions, Firebase, AWS Lambda): go-handoff's README says how.
\`npx go-handoff inspect function.zip\` checks that a host could run it.

Needs Go and Node.js; no C or C++ compiler.
`;
}

function firebaseReadme(name) {
  return `# ${name}

Cloud Functions for Firebase written in Go, with [go-handoff](https://github.com/go-handoff/go-handoff).
The Go functions are in \`go/\`; \`functions/index.js\` exports them to Firebase
(\`onRequest(go.hello)\` runs the Go function Hello), beside any JavaScript ones.

    cd functions
    npm install
    npm run build      # functions/go-handoff: the Go binary, its loader and addon
    firebase emulators:start --only functions --project demo-test
    firebase deploy --only functions   # builds first (firebase.json's predeploy)

Needs Go, Node.js and the Firebase CLI; no C or C++ compiler.
`;
}

function refuseNonEmpty(dir) {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is a file: give a new folder's name`);
  const entries = fs.readdirSync(dir);
  if (entries.length > 0) throw new Error(`${dir} already exists and is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): give a new folder's name`);
}

export async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { template: { type: 'string', short: 't' }, 'go-handoff': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new Error(`give one folder, not ${positionals.length} (${positionals.join(' ')})\n\n${USAGE}`);
  const dir = path.resolve(positionals[0] ?? 'go-function');
  refuseNonEmpty(dir);

  const goHandoffRoot = path.dirname(require.resolve('go-handoff/package.json'));
  const { version } = JSON.parse(fs.readFileSync(path.join(goHandoffRoot, 'package.json'), 'utf8'));
  const spec = values['go-handoff'] ?? `^${version}`;
  const name = packageNameFor(path.basename(dir));
  const firebase = values.template === 'firebase';
  fs.mkdirSync(dir, { recursive: true });
  // go.mod's replace points where `npm install` will put go-handoff's SDK:
  // the project's node_modules, or for Firebase, functions/node_modules.
  const init = firebase
    ? [path.join(goHandoffRoot, 'bin', 'go-handoff.js'), 'init', dir, '--quiet', '--sdk-path', 'functions/node_modules/go-handoff/go', '--go-handoff', spec]
    : [path.join(goHandoffRoot, 'bin', 'go-handoff.js'), 'init', path.join(dir, FUNCTION_DIR), '--quiet', '--sdk-path', `../node_modules/go-handoff/go`];
  if (values.template) init.push('--template', values.template);
  try {
    execFileSync(process.execPath, init, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    throw new Error(`go-handoff init failed: ${(error.stderr ?? error.message).trim().replace(/^go-handoff: /, '')}`);
  }
  const shown = path.relative(process.cwd(), dir) || '.';
  const cd = shown === '.' ? '' : `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n`;
  if (firebase) {
    fs.writeFileSync(path.join(dir, 'README.md'), firebaseReadme(name));
    console.log(`Created ${shown}: a Firebase project whose functions are written in Go (firebase.json, functions/, go/, README.md).

Next:
${cd}  cd functions && npm install && npm run build
  firebase emulators:start --only functions --project demo-test`);
    return 0;
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(projectManifest(name, spec), null, 2) + '\n');
  fs.writeFileSync(path.join(dir, '.gitignore'), GITIGNORE);
  fs.writeFileSync(path.join(dir, 'README.md'), readme(name));

  console.log(`Created ${shown}: a go-handoff project (${FUNCTION_DIR}/, package.json, .gitignore, README.md).

Next:
${cd}  npm install
  npm start          # http://localhost:8080/execute, rebuilt on every change
  npm run package    # function.zip`);
  return 0;
}
