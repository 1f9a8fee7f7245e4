import * as fs from 'node:fs';
import * as path from 'node:path';

import { serveArchive } from '../../serve/local-server';
import { serveFolder } from '../../serve/serve-folder';
import { type Command, isQuiet, onePositional, optionalString, type OptionValues, portOption, progressFor, QUIET_OPTION, QUIET_USAGE, UsageError } from '../command';
import { displayPath } from '../format';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run a function folder or an archive locally under the real functions-framework host',
  usage: `go-handoff serve [dir | archive] [options]

Serves a function on this machine through functions-framework, as Cloud
Functions' Node.js runtime would: the function is reached through the same
hand-over as in production. Given a folder (default: .), builds it into a
temporary archive first; given an archive (.zip or .tar.gz), unpacks it into
an empty folder.

Options:
      --port <n>   the port to listen on (default: $PORT, else 8080)
  -w, --watch      (folders only) rebuild and restart on the same port when a
                   source file changes; a failed build is shown and the
                   previous one keeps serving
      --target <name>
                   the function to serve, passed on to functions-framework
                   as its --target (default: Handle, or the only function);
                   a folder's build fails when it has no function of that name
      --signature-type <type>
                   functions-framework's --signature-type: http, event,
                   cloudevent or typed; it decides only for
                   func(ctx, T) error, a background function unless http or typed
${QUIET_USAGE}`,
  options: {
    port: { type: 'string' },
    watch: { type: 'boolean', short: 'w' },
    target: { type: 'string' },
    'signature-type': { type: 'string' },
    ...QUIET_OPTION,
  },
  async run(positionals, values) {
    const target = path.resolve(onePositional('serve', 'function folder or archive', positionals) ?? '.');
    const port = portOption(values, Number(process.env.PORT) || 8080);
    const log = (line: string) => {
      if (!isQuiet(values)) console.log(line);
    };
    const choice = { target: optionalString(values, 'target'), signatureType: signatureTypeOption(values) };
    if (!fs.existsSync(target)) throw new Error(`${target} does not exist: give a function folder or an archive that \`go-handoff package\` wrote`);
    if (fs.statSync(target).isDirectory()) {
      return serveFolder({
        dir: target,
        port,
        watch: values.watch === true,
        progress: progressFor(values),
        label: displayPath(target),
        log,
        warn: (line) => console.error(line),
        choice,
      });
    }
    if (values.watch) throw new UsageError(`--watch needs the function's folder, and ${displayPath(target)} is an archive: run \`go-handoff serve <folder> --watch\``);
    return serveArchive({ archive: target, port, log, choice, warn: (line) => console.error(line) });
  },
};

const SIGNATURE_TYPES = ['http', 'event', 'cloudevent', 'typed'];

function signatureTypeOption(values: OptionValues): string | undefined {
  const value = optionalString(values, 'signature-type');
  if (value !== undefined && !SIGNATURE_TYPES.includes(value)) {
    throw new UsageError(`--signature-type ${value} is not one of ${SIGNATURE_TYPES.join(', ')}`);
  }
  return value;
}
