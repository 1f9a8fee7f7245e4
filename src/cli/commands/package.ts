import { planLines } from '../../compile/plan-text';
import { packageFunction } from '../../package/package-function';
import { chooseArchive } from '../../package/archive-format';
import { archOption, type Command, isQuiet, onePositional, optionalString, progressFor, QUIET_OPTION, QUIET_USAGE, stringOption, UsageError } from '../command';
import { addonLine, packageSummary } from '../format';

export const packageCommand: Command = {
  name: 'package',
  summary: 'build a function folder into a deployable archive',
  usage: `go-handoff package [dir] [options]

Builds the Go function in dir (default: .) into an archive holding the
loader (index.js), the addon and the static Go binary.

Options:
  -o, --output <file>   the archive to write (default: function.zip, or
                        function.tar.gz with --format tar.gz)
      --format <fmt>    zip, tar.gz, or dir: the same files in a folder, which
                        replaces what the folder held (Firebase's functions/
                        takes it so) (default: from the output's name, else zip)
      --handler <name>  the Go binary's name in the archive (default: handler)
      --arch <goarch>   amd64 or arm64 (default: amd64), from any machine: Go
                        cross-compiles, and the addon is prebuilt for both
      --addon <file>    the addon to ship (default: the package's prebuild,
                        prebuilds/linux-<arch>/handoff.node)
      --target <name>   the function to serve when the host names none; the
                        build fails when the package has no function of
                        that name. The archive holds every function of the
                        package: the host's --target or FUNCTION_TARGET
                        (the deployment's entry point) picks one
${QUIET_USAGE}`,
  options: {
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    handler: { type: 'string' },
    arch: { type: 'string' },
    addon: { type: 'string' },
    target: { type: 'string' },
    ...QUIET_OPTION,
  },
  async run(positionals, values) {
    const dir = onePositional('package', 'function folder', positionals) ?? '.';
    const goarch = archOption(values);
    const chosen = chooseArchive(optionalString(values, 'output'), optionalString(values, 'format'));
    if ('error' in chosen) throw new UsageError(chosen.error);
    const started = Date.now();
    const result = await packageFunction({
      functionDir: dir,
      output: chosen.output,
      format: chosen.format,
      binaryName: stringOption(values, 'handler', 'handler'),
      goarch,
      addonFile: optionalString(values, 'addon'),
      target: optionalString(values, 'target'),
      progress: progressFor(values),
    });
    if (!isQuiet(values)) {
      // What the build found (the contract) and changed, then the summary.
      for (const line of planLines(result.plan)) console.log(`go-handoff: ${line}`);
      console.log(`go-handoff: ${addonLine(result.addon)}`);
      console.log(packageSummary({ ...result, elapsedMs: Date.now() - started }));
    }
    return 0;
  },
};
