import { serveArchive } from '../../serve/local-server';
import { type Command, portOption, UsageError } from '../command';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run an archive locally under the real functions-framework host',
  usage: `go-handoff serve [archive] [options]

Unpacks the archive (default: function.zip) into an empty folder and starts
functions-framework on it, as Cloud Functions' Node.js runtime would: the
function is reached through the same hand-over as in production.

Options:
      --port <n>   the port to listen on (default: $PORT, else 8080)`,
  options: {
    port: { type: 'string' },
  },
  async run(positionals, values) {
    if (positionals.length > 1) throw new UsageError(`serve takes one archive, not ${positionals.length}`);
    return serveArchive({
      archive: positionals[0] ?? 'function.zip',
      port: portOption(values, Number(process.env.PORT) || 8080),
      log: (line) => console.log(line),
    });
  },
};
