// npm create go-handoff@latest [dir] [-- options]: its command line. The
// templates and the version come in as data (cli.ts), so this package needs
// nothing at run time, go-handoff least of all.
import * as path from 'node:path';
import { parseArgs } from 'node:util';

import { InitError, type TemplateFiles } from '../../../src/init/template-files';
import { TEMPLATE_SUMMARIES } from '../../../src/init/templates';
import { FUNCTION_DIR, FUNCTION_TEMPLATES, type FunctionTemplate, writeProject } from './project';

/** What the bundle carries: go-handoff's function templates, and the version of both packages. */
export interface Bundled {
  templates: Record<FunctionTemplate, TemplateFiles>;
  version: string;
}

const width = Math.max(...FUNCTION_TEMPLATES.map((t) => t.length));

function usage(version: string): string {
  return `create-go-handoff ${version}

Usage: npm create go-handoff@latest [dir] [-- options]

Creates a go-handoff project in dir (default: go-function), which must be new
or empty: a Go function in dir/${FUNCTION_DIR}, and npm scripts to build, serve
and package it with go-handoff ${version}.

Options:
  -t, --template <name>    the kind of function (default: http):
${FUNCTION_TEMPLATES.map((t) => `                             ${t.padEnd(width)}  ${TEMPLATE_SUMMARIES[t]}`).join('\n')}
      --go-handoff <spec>  the go-handoff devDependency (default: ^${version};
                           a tarball or a folder works too)
  -h, --help               this text

A Firebase project (firebase.json, functions/, and its Go functions in go/):
  npx go-handoff@${version} init <dir> --template firebase`;
}

/** Usage errors: the message, then the usage. */
class UsageError extends Error {}

function isFunctionTemplate(name: string): name is FunctionTemplate {
  return (FUNCTION_TEMPLATES as readonly string[]).includes(name);
}

function templateOption(name: string | undefined, version: string): FunctionTemplate {
  if (name === undefined) return 'http';
  if (isFunctionTemplate(name)) return name;
  if (name === 'firebase') {
    throw new UsageError(`the firebase template is a whole Firebase project, which go-handoff itself writes: npx go-handoff@${version} init <dir> --template firebase`);
  }
  throw new UsageError(`--template must be one of ${FUNCTION_TEMPLATES.join(', ')}, not ${JSON.stringify(name)}`);
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
  const template = templateOption(values.template, bundled.version);
  const dir = path.resolve(positionals[0] ?? 'go-function');
  const written = writeProject({ dir, template: bundled.templates[template], goHandoffSpec: values['go-handoff'] ?? `^${bundled.version}` });

  const shown = path.relative(process.cwd(), dir) || '.';
  log(`Created ${shown}: a go-handoff project from the ${template} template (${written.join(', ')}).

Next:
${shown === '.' ? '' : `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n`}  npm install
  npm start          # http://localhost:8080/execute, rebuilt on every change
  npm run package    # function.zip`);
  return 0;
}
