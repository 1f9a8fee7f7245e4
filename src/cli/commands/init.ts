import { initFunction } from '../../init/init-function';
import { isTemplate, nextSteps, TEMPLATE_SUMMARIES, TEMPLATES } from '../../init/templates';
import { type Command, isQuiet, onePositional, optionalString, QUIET_OPTION, QUIET_USAGE, stringOption, UsageError } from '../command';
import { displayPath } from '../format';

const width = Math.max(...TEMPLATES.map((t) => t.length));

export const initCommand: Command = {
  name: 'init',
  summary: 'create a new function folder from a template',
  usage: `go-handoff init [dir] [options]

Creates a Go function in dir (default: .), which must be new or empty. Its
go.mod points at this go-handoff's SDK, for editors and \`go run\`: by a
relative path when the SDK is in the project's node_modules. The build always
uses the SDK of the go-handoff that builds. The firebase template is a whole
Firebase project: firebase.json, functions/ (index.js exports the Go
functions through firebase-functions, and its package.json lists this
go-handoff, which its build script runs) and the Go functions in go/.

Options:
  -t, --template <name>  the kind of function (default: http):
${TEMPLATES.map((t) => `                           ${t.padEnd(width)}  ${TEMPLATE_SUMMARIES[t]}`).join('\n')}
      --sdk-path <path>  the SDK's folder for go.mod's replace, relative to dir
                         (create-go-handoff gives ../node_modules/go-handoff/go)
      --go-handoff <spec>  the go-handoff dependency of the firebase template's
                         functions/package.json (default: ^<this version>;
                         a tarball or a folder works too)
${QUIET_USAGE}`,
  options: {
    template: { type: 'string', short: 't' },
    'sdk-path': { type: 'string' },
    'go-handoff': { type: 'string' },
    ...QUIET_OPTION,
  },
  async run(positionals, values) {
    const dir = onePositional('init', 'folder', positionals) ?? '.';
    const template = stringOption(values, 'template', 'http');
    if (!isTemplate(template)) throw new UsageError(`--template must be one of ${TEMPLATES.join(', ')}, not ${JSON.stringify(template)}`);
    const created = initFunction({ dir, template, sdkPath: optionalString(values, 'sdk-path'), goHandoffSpec: optionalString(values, 'go-handoff') });
    if (!isQuiet(values)) {
      const shown = displayPath(created.dir);
      const cd = shown === '.' ? '' : `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n`;
      console.log(`go-handoff: created ${shown} from the ${template} template (${created.files.join(', ')})

Next:
${nextSteps(template, cd)}`);
    }
    return 0;
  },
};
