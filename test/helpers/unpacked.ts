// Unpacks an archive into an empty folder, as a host does before it starts.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { extractArchive } from '../../src/package/extract-archive';
import { archivePath } from './archives';

const made: string[] = [];

export async function unpackArchive(name: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `go-handoff-test-${name}-`));
  made.push(dir);
  await extractArchive(archivePath(name), dir);
  return dir;
}

/** What Cloud Functions' Node.js build does with a source folder; offline, to prove it needs nothing. */
export function npmInstall(dir: string, command: 'install' | 'ci' = 'install'): string {
  return execFileSync('npm', [command, '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function removeUnpacked(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
