// npm create go-handoff@latest [dir] [-- options]: its command line. The
// templates and the version come in as data (cli.ts), so this package needs
// nothing at run time, go-handoff least of all.
import * as path from 'node:path';
import { parseArgs } from 'node:util';

import { goHandoffSpec } from '../../../src/init/package-json';
import { InitError, type TemplateFiles } from '../../../src/init/template-files';
import { isTemplate, nextSteps, type Template, TEMPLATE_SUMMARIES, TEMPLATES } from '../../../src/init/templates';
import { writeFirebaseProject } from './firebase-project';
import { FUNCTION_DIR, isFunctionTemplate, writeProject } from './project';

/** What the bundle carries: go-handoff's templates, and the version of both packages. */
export interface Bundled {
  templates: Record<Template, TemplateFiles>;
  version: string;
}

const width = Math.max(...TEMPLATES.map((t) => t.length));

function usage(version: string): string {
  return `create-go-handoff ${version}

Usage: npm create go-handoff@latest [dir] [-- options]

Creates a go-handoff project in dir (default: go-function), which must be new
or empty: a Go function in dir/${FUNCTION_DIR}, and npm scripts to build, serve
and package it with go-handoff ${version}. With --template firebase, a
Firebase project instead: firebase.json, functions/ (its package.json lists
go-handoff ${version}, which its build script runs) and the Go functions in go/.

Options:
  -t, --template <name>    the kind of function (default: http):
${TEMPLATES.map((t) => `                             ${t.padEnd(width)}  ${TEMPLATE_SUMMARIES[t]}`).join('\n')}
      --go-handoff <spec>  the go-handoff devDependency (default: ${goHandoffSpec(version)};
                           a tarball or a folder works too)
  -h, --help               this text`;
}

/** Usage errors: the message, then the usage. */
class UsageError extends Error {}

function templateOption(name: string | undefined): Template {
  if (name === undefined) return 'http';
  if (isTemplate(name)) return name;
  throw new UsageError(`--template must be one of ${TEMPLATES.join(', ')}, not ${JSON.stringify(name)}`);
}

/** Runs the command; returns the exit status. Errors that are the user's are printed here. */
export function main(argv: string[], bundled: Bundled, log: (line: string) => void = console.log, warn: (line: string) => void = console.error): number {
  try {
    return create(argv, bundled, log);
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`create-go-handoff: ${error.message}\n\n${usage(bundled.version)}`);
      return 2;
    }
    if (error instanceof InitError) {
      warn(`create-go-handoff: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function create(argv: string[], bundled: Bundled, log: (line: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { template: { type: 'string', short: 't' }, 'go-handoff': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    log(usage(bundled.version));
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`give one folder, not ${positionals.length} (${positionals.join(' ')})`);
  const template = templateOption(values.template);
  const dir = path.resolve(positionals[0] ?? 'go-function');
  const options = { dir, template: bundled.templates[template], goHandoffSpec: values['go-handoff'] ?? goHandoffSpec(bundled.version) };
  const shown = path.relative(process.cwd(), dir) || '.';
  const cd = shown === '.' ? '' : `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n`;

  if (!isFunctionTemplate(template)) {
    const written = writeFirebaseProject(options);
    log(`Created ${shown}: a Firebase project whose functions are written in Go (${written.join(', ')}).

Next:
${nextSteps(template, cd)}`);
    return 0;
  }
  const written = writeProject(options);
  log(`Created ${shown}: a go-handoff project from the ${template} template (${written.join(', ')}).

Next:
${cd}  npm install
  npm start          # http://localhost:8080/execute, rebuilt on every change
  npm run package    # function.zip`);
  return 0;
}
