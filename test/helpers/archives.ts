// The archives the end-to-end tests run, built by global-setup.ts.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Archive name -> function folder (relative to the repository). */
export const ARCHIVES = {
  /** The template function users edit: what plain `make` builds. */
  hello: 'go/function',
  /** test/fixtures/probe: paths that print, sleep, report the pid. */
  probe: 'test/fixtures/probe',
  /** test/fixtures/state: a counter in a package variable. */
  state: 'test/fixtures/state',
  /** The examples, one per contract. */
  'example-http': 'go/examples/http',
  'example-json': 'go/examples/json',
  'example-bytes': 'go/examples/bytes',
  'example-event': 'go/examples/event',
} as const;

export type ArchiveName = keyof typeof ARCHIVES;

export function archivePath(name: string): string {
  return path.join(repoRoot, '.cache', 'test-archives', `${name}.zip`);
}
