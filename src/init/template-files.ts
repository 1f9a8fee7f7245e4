// A template's files as data, and writing them into a new folder: what
// `go-handoff init` does from go/examples/<template>, and create-go-handoff
// from the same files, read at its pack time (scripts/build-create.mjs). One
// reader and one writer for both, so the two cannot drift.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { rewriteGoMod, sdkPathFor } from './go-mod';
import { withGoHandoffDependency } from './package-json';

/** A template's files: path inside it (with /) to text. */
export type TemplateFiles = Record<string, string>;

/** A folder that cannot take a new project or function; the message is for the user. */
export class InitError extends Error {}

/** The template's files: its sources, not build outputs or hidden files, in name order. */
export function readTemplateFiles(folder: string): TemplateFiles {
  const names = fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((name) => !name.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
  const files: TemplateFiles = {};
  for (const name of names) {
    const bytes = fs.readFileSync(path.join(folder, ...name.split('/')));
    const text = bytes.toString('utf8');
    // Templates travel as text (create-go-handoff carries them in JSON).
    if (!Buffer.from(text, 'utf8').equals(bytes)) throw new Error(`${path.join(folder, name)} is not UTF-8 text: a template holds only text files`);
    files[name] = text;
  }
  return files;
}

export interface WriteOptions {
  /** The Go module name every go.mod gets. */
  module: string;
  /**
   * The Go SDK's folder for each go.mod's replace: relative from the go.mod
   * when it is in a node_modules of the go.mod's project, or of a folder
   * inside dir (the firebase template's go/ uses functions/node_modules).
   */
  sdkDir: string;
  /** The go-handoff dependency of a package.json that lists one (the firebase template's functions/). */
  goHandoffSpec: string;
}

/**
 * Writes files into dir, which must not exist or be empty: go.mod names the
 * module and points at the SDK, a package.json's go-handoff dependency is
 * goHandoffSpec, `_gitignore` becomes `.gitignore`. Returns the names
 * written.
 */
export function writeTemplateFiles(dir: string, files: TemplateFiles, options: WriteOptions): string[] {
  refuseNonEmpty(dir);
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const writtenName = writtenNameOf(name);
    const target = path.join(dir, ...writtenName.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, adapted(name, text, path.dirname(target), dir, options));
    written.push(writtenName);
  }
  return written;
}

/** A template file's text as the new folder needs it. */
function adapted(name: string, text: string, folder: string, dir: string, options: WriteOptions): string {
  switch (path.posix.basename(name)) {
    case 'go.mod':
      return rewriteGoMod(text, { module: options.module, sdkDir: sdkPathFor(folder, options.sdkDir, dir) });
    case 'package.json':
      return withGoHandoffDependency(text, options.goHandoffSpec);
    default:
      return text;
  }
}

/**
 * A template's `_gitignore` is written as `.gitignore`: a file of that name
 * inside the template would make git (and npm's packing) ignore the template's
 * own files.
 */
function writtenNameOf(name: string): string {
  return path.posix.basename(name) === '_gitignore' ? path.posix.join(path.posix.dirname(name), '.gitignore') : name;
}

/** A folder that does not exist or is empty can take new files; anything else is the user's. */
export function refuseNonEmpty(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new InitError(`${dir} is a file: give a new folder's name`);
  const entries = fs.readdirSync(dir);
  if (entries.length > 0) {
    throw new InitError(`${dir} already exists and is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): nothing is overwritten; give a new folder's name`);
  }
}
