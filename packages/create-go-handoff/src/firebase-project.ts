// The project create-go-handoff writes from the firebase template: a Firebase
// project whose functions are written in Go, as `go-handoff init --template
// firebase` writes it (firebase.json; functions/, whose index.js exports the
// Go functions and whose package.json lists go-handoff at the version that
// wrote it, for its build script; the Go functions in go/), and a README.
// go/go.mod points where functions/'s `npm install` puts go-handoff's SDK.
// Installs nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { moduleNameFor } from '../../../src/init/go-mod';
import { writeTemplateFiles } from '../../../src/init/template-files';
import { packageNameFor, type ProjectOptions } from './project';

export function firebaseReadme(name: string): string {
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

/** Writes the Firebase project into dir, which must be new or empty; returns the names it wrote at its top. */
export function writeFirebaseProject(options: ProjectOptions): string[] {
  const dir = path.resolve(options.dir);
  // writeTemplateFiles refuses a folder that is not empty before it writes.
  const written = writeTemplateFiles(dir, options.template, {
    module: moduleNameFor(path.basename(dir)),
    sdkDir: path.join(dir, 'functions', 'node_modules', 'go-handoff', 'go'),
    goHandoffSpec: options.goHandoffSpec,
  });
  fs.writeFileSync(path.join(dir, 'README.md'), firebaseReadme(packageNameFor(path.basename(dir))));
  return topNames([...written, 'README.md']);
}

/** The files and folders (with a trailing /) at the top of the written paths, in order. */
function topNames(written: readonly string[]): string[] {
  return [...new Set(written.map((name) => (name.includes('/') ? `${name.split('/')[0]}/` : name)))];
}
