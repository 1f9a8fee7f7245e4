import * as fs from 'node:fs';
import * as path from 'node:path';

import { planLines } from '../../build/plan-text';
import { packageFunction } from '../../package/package-function';
import { archOption, type Command, stringOption, UsageError } from '../command';

export const packageCommand: Command = {
  name: 'package',
  summary: 'build a function folder into a deployable archive',
  usage: `go-handoff package [dir] [options]

Builds the Go function in dir (default: .) into an archive holding the
loader (index.js), the addon and the static Go binary.

Options:
  -o, --output <file>   the archive to write (default: function.zip)
      --handler <name>  the Go binary's name in the archive (default: handler)
      --arch <goarch>   amd64 or arm64 (default: amd64)
      --addon <file>    the prebuilt addon to ship (default: this checkout's build)`,
  options: {
    output: { type: 'string', short: 'o' },
    handler: { type: 'string' },
    arch: { type: 'string' },
    addon: { type: 'string' },
  },
  async run(positionals, values) {
    if (positionals.length > 1) throw new UsageError(`package takes one function folder, not ${positionals.length}`);
    const goarch = archOption(values);
    const started = Date.now();
    const result = await packageFunction({
      functionDir: positionals[0] ?? '.',
      output: stringOption(values, 'output', 'function.zip'),
      binaryName: stringOption(values, 'handler', 'handler'),
      goarch,
      addonFile: typeof values.addon === 'string' ? values.addon : undefined,
    });
    for (const line of planLines(result.plan)) console.log(`go-handoff: ${line}`);
    const shown = path.relative(process.cwd(), result.archive) || result.archive;
    console.log(
      `go-handoff: wrote ${shown} (${kib(result.archiveBytes)}; linux/${goarch} binary ${kib(result.binaryBytes)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return fs.existsSync(result.archive) ? 0 : 1;
  },
};

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
