// The shape every CLI command has, the options several share, and the errors
// the CLI reports plainly.
import type { ParseArgsConfig } from 'node:util';

import { type GoArch, isGoArch } from '../compile/go-flags';
import type { Progress } from '../progress';
import { progressReporter } from './progress-reporter';

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: OptionValues): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage hint, exit 2. */
export class UsageError extends Error {}

/** --quiet, for the commands that report progress and a summary. */
export const QUIET_OPTION = { quiet: { type: 'boolean', short: 'q' } } as const;
export const QUIET_USAGE = '  -q, --quiet           print nothing but errors';

export function isQuiet(values: OptionValues): boolean {
  return values.quiet === true;
}

/** Step lines on stderr when it is a terminal, unless --quiet. */
export function progressFor(values: OptionValues): Progress {
  return progressReporter(process.stderr, { quiet: isQuiet(values) });
}

export function stringOption(values: OptionValues, name: string, fallback: string): string {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function portOption(values: OptionValues, fallback: number): number {
  const text = stringOption(values, 'port', String(fallback));
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a port number (1-65535), not ${JSON.stringify(text)}`);
  return port;
}

export function archOption(values: OptionValues): GoArch {
  const goarch = stringOption(values, 'arch', 'amd64');
  if (!isGoArch(goarch)) throw new UsageError(`--arch must be amd64 or arm64, not ${JSON.stringify(goarch)}`);
  return goarch;
}

/** At most one positional argument (a folder or a file). */
export function onePositional(command: string, what: string, positionals: string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`${command} takes one ${what}, not ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  return positionals[0];
}
