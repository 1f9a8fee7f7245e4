// go-handoff's command line: a table of commands, one typed parser
// (node:util parseArgs), errors printed plainly at this edge only.
import { parseArgs } from 'node:util';

import { BuildError } from '../build/build-function';
import { packageVersion } from '../paths';
import { type Command, UsageError } from './command';
import { buildCommand } from './commands/build';
import { packageCommand } from './commands/package';
import { serveCommand } from './commands/serve';

const COMMANDS: Command[] = [buildCommand, packageCommand, serveCommand];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `go-handoff ${packageVersion()}: run Go functions on Node.js-only hosts

Usage: go-handoff <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`go-handoff <command> --help\` for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(packageVersion());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...command.options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(command.usage);
    return 0;
  }
  if (values.version) {
    console.log(packageVersion());
    return 0;
  }
  return command.run(positionals, values as Record<string, string | boolean | undefined>);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`go-handoff: ${(error as Error).message}\nRun \`go-handoff --help\` for usage.`);
      process.exitCode = 2;
    } else if (error instanceof BuildError || error instanceof Error) {
      console.error(`go-handoff: ${(error as Error).message}`);
      process.exitCode = 1;
    } else {
      console.error(`go-handoff: ${String(error)}`);
      process.exitCode = 1;
    }
  },
);
