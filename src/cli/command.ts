// The shape every CLI command has, and the errors the CLI reports plainly.
import type { ParseArgsConfig } from 'node:util';

import { type GoArch, isGoArch } from '../build/go-flags';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: Record<string, string | boolean | undefined>): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage hint, exit 2. */
export class UsageError extends Error {}

export function stringOption(values: Record<string, unknown>, name: string, fallback: string): string {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export function portOption(values: Record<string, unknown>, fallback: number): number {
  const text = stringOption(values, 'port', String(fallback));
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a port number (1-65535), not ${JSON.stringify(text)}`);
  return port;
}

export function archOption(values: Record<string, unknown>): GoArch {
  const goarch = stringOption(values, 'arch', 'amd64');
  if (!isGoArch(goarch)) throw new UsageError(`--arch must be amd64 or arm64, not ${JSON.stringify(goarch)}`);
  return goarch;
}
