// Where a function is built, and how build messages refer to it. Pure.
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The build folder of a function: outside the user's folder (which is never
 * written to), and the same for the same folder on every build, which keeps
 * Go's build cache warm.
 */
export function workDirFor(source: string, goarch: string, tmp = os.tmpdir()): string {
  const id = createHash('sha256').update(path.resolve(source)).digest('hex').slice(0, 12);
  return path.join(tmp, `go-handoff-${os.userInfo().uid}`, `${id}-${goarch}`);
}

/**
 * Build messages name files in the build folder; the user knows them by
 * their place in the function folder.
 */
export function rewriteBuildPaths(text: string, work: string, source: string, cwd = process.cwd()): string {
  // Relative to where the user is when the folder is below it, else absolute.
  const relative = path.relative(cwd, source);
  const shown = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? source : relative;
  return text
    .split(work + path.sep)
    .join(source + path.sep)
    .split(work)
    .join(source)
    .replace(/^\.\//gm, `${shown}/`);
}
