// go-handoff's command line: a table of commands, one typed parser
// (node:util parseArgs), errors printed plainly at this edge only.
import { parseArgs } from 'node:util';

import { packageVersion } from '../paths';
import { printableLines } from '../printable';
import { type Command, type OptionValues, UsageError } from './command';
import { buildCommand } from './commands/build';
import { initCommand } from './commands/init';
import { inspectCommand } from './commands/inspect';
import { packageCommand } from './commands/package';
import { serveCommand } from './commands/serve';

const COMMANDS: Command[] = [initCommand, buildCommand, packageCommand, serveCommand, inspectCommand];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `go-handoff ${packageVersion()}: run Go functions on Node.js-only hosts

Usage: go-handoff <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options of every command:
  -h, --help     show the command's usage
      --version  show go-handoff's version

Run \`go-handoff <command> --help\` for a command's options.`;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`);
  return command;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(mainUsage());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    console.log(mainUsage());
    return 0;
  }
  if (name === 'help') {
    console.log(rest[0] === undefined ? mainUsage() : findCommand(rest[0]).usage);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(packageVersion());
    return 0;
  }
  const command = findCommand(name);
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
  return command.run(positionals, values as OptionValues);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Messages may quote what came from outside (an archive's entry names): printable.
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`go-handoff: ${printableLines((error as Error).message)}\nRun \`go-handoff --help\` for usage.`);
      process.exitCode = 2;
    } else {
      console.error(`go-handoff: ${printableLines(error instanceof Error ? error.message : String(error))}`);
      process.exitCode = 1;
    }
  },
);
