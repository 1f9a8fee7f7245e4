import * as fs from 'node:fs';

import { buildFunction } from '../../compile/build-function';
import { planLines } from '../../compile/plan-text';
import { readElf } from '../../loader/elf';
import { goArch } from '../../loader/executable';
import { archOption, type Command, isQuiet, onePositional, optionalString, progressFor, QUIET_OPTION, QUIET_USAGE, stringOption } from '../command';
import { displayPath, formatBytes, formatSeconds } from '../format';

export const buildCommand: Command = {
  name: 'build',
  summary: 'compile a function folder into a Go binary',
  usage: `go-handoff build [dir] [options]

Compiles the Go function in dir (default: .) into a static binary.

Options:
  -o, --output <file>   the binary to write (default: handler)
      --arch <goarch>   amd64 or arm64 (default: amd64)
      --native          build for this machine instead of linux/<arch>
      --target <name>   the function to serve when the host names none; the
                        build fails when the package has no function of
                        that name (the host's own --target or
                        FUNCTION_TARGET still picks at run time)
${QUIET_USAGE}`,
  options: {
    output: { type: 'string', short: 'o' },
    arch: { type: 'string' },
    native: { type: 'boolean' },
    target: { type: 'string' },
    ...QUIET_OPTION,
  },
  async run(positionals, values) {
    const dir = onePositional('build', 'function folder', positionals) ?? '.';
    const goarch = archOption(values);
    const started = Date.now();
    const result = await buildFunction({
      functionDir: dir,
      goarch,
      output: stringOption(values, 'output', 'handler'),
      native: values.native === true,
      target: optionalString(values, 'target'),
      progress: progressFor(values),
    });
    if (!isQuiet(values)) {
      for (const line of planLines(result.plan)) console.log(`go-handoff: ${line}`);
      const elf = readElf(fs.readFileSync(result.binary).subarray(0, 4096));
      const target = elf ? `linux/${goArch(elf.arch)}` : 'an unknown machine';
      const size = formatBytes(fs.statSync(result.binary).size);
      console.log(`go-handoff: wrote ${displayPath(result.binary)} (${size}) for ${target}; ${formatSeconds(Date.now() - started)}`);
    }
    return 0;
  },
};
