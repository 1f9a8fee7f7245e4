// The project create-go-handoff writes from a function template, as
// create-vite does for Vite: the function folder, from one of go-handoff's
// templates; a package.json whose scripts drive go-handoff, at the version
// that wrote it; a .gitignore and a short README. Installs nothing: the user
// runs `npm install`. (The firebase template is a project of its own:
// firebase-project.ts.)
import * as fs from 'node:fs';
import * as path from 'node:path';

import { moduleNameFor, nameFromFolder } from '../../../src/init/go-mod';
import { refuseNonEmpty, type TemplateFiles, writeTemplateFiles } from '../../../src/init/template-files';
import { type Template, TEMPLATES } from '../../../src/init/templates';

/** The function folder inside the project. */
export const FUNCTION_DIR = 'function';

/** The templates of one function; firebase is a whole project of its own (firebase-project.ts). */
export type FunctionTemplate = Exclude<Template, 'firebase'>;
export const FUNCTION_TEMPLATES = TEMPLATES.filter((t): t is FunctionTemplate => t !== 'firebase');

export function isFunctionTemplate(name: Template): name is FunctionTemplate {
  return (FUNCTION_TEMPLATES as readonly string[]).includes(name);
}

/** What `npm run build` and the others write. */
export const GITIGNORE = `node_modules/
build/
function.zip
function.tar.gz
`;

/** The project's package.json. Pure. */
export function projectManifest(name: string, goHandoffSpec: string) {
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
export function packageNameFor(folderName: string): string {
  return nameFromFolder(folderName, 'go-function');
}

export function readme(name: string): string {
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

export interface ProjectOptions {
  dir: string;
  /** The template's files (go/examples/<template> of the go-handoff this package was packed with). */
  template: TemplateFiles;
  /** The go-handoff devDependency's version spec. */
  goHandoffSpec: string;
}

/** Writes the project into dir, which must be new or empty; returns the names it wrote at its top. */
export function writeProject(options: ProjectOptions): string[] {
  const dir = path.resolve(options.dir);
  refuseNonEmpty(dir);
  const name = packageNameFor(path.basename(dir));
  // go.mod's replace points where `npm install` will put go-handoff's SDK.
  writeTemplateFiles(path.join(dir, FUNCTION_DIR), options.template, {
    module: moduleNameFor(path.basename(dir)),
    sdkDir: path.join(dir, 'node_modules', 'go-handoff', 'go'),
    goHandoffSpec: options.goHandoffSpec,
  });
  const files: Record<string, string> = {
    'package.json': JSON.stringify(projectManifest(name, options.goHandoffSpec), null, 2) + '\n',
    '.gitignore': GITIGNORE,
    'README.md': readme(name),
  };
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return [`${FUNCTION_DIR}/`, ...Object.keys(files)];
}
