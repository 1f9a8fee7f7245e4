import * as path from 'node:path';

import { buildFunction } from '../../build/build-function';
import { planLines } from '../../build/plan-text';
import { archOption, type Command, stringOption, UsageError } from '../command';

export const buildCommand: Command = {
  name: 'build',
  summary: 'compile a function folder into a Go binary',
  usage: `go-handoff build [dir] [options]

Compiles the Go function in dir (default: .) into a static binary.

Options:
  -o, --output <file>   the binary to write (default: handler)
      --arch <goarch>   amd64 or arm64 (default: amd64)
      --native          build for this machine instead of linux/<arch>`,
  options: {
    output: { type: 'string', short: 'o' },
    arch: { type: 'string' },
    native: { type: 'boolean' },
  },
  async run(positionals, values) {
    if (positionals.length > 1) throw new UsageError(`build takes one function folder, not ${positionals.length}`);
    const goarch = archOption(values);
    const result = await buildFunction({
      functionDir: positionals[0] ?? '.',
      goarch,
      output: stringOption(values, 'output', 'handler'),
      native: values.native === true,
    });
    for (const line of planLines(result.plan)) console.log(`go-handoff: ${line}`);
    console.log(`go-handoff: wrote ${path.relative(process.cwd(), result.binary) || result.binary}`);
    return 0;
  },
};
