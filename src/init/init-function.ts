// go-handoff init: a new function folder from a template.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { packageVersion, sdkDir } from '../paths';
import { moduleNameFor, rewriteGoMod, sdkPathFor } from './go-mod';
import { goHandoffSpec, withGoHandoffDependency } from './package-json';
import { type Template, templateFolder } from './templates';

export interface InitOptions {
  dir: string;
  template: Template;
  /** The SDK's folder for go.mod's replace, relative to dir (it may not exist yet); default: the SDK of this go-handoff. */
  sdkPath?: string;
  /** The go-handoff dependency of a template's package.json that has one (the firebase template's functions/); default: ^ this version. */
  goHandoffSpec?: string;
}

export interface InitializedFunction {
  dir: string;
  files: string[];
}

/** An init that cannot go ahead; its message is for the user. */
export class InitError extends Error {}

export function initFunction(options: InitOptions): InitializedFunction {
  const dir = path.resolve(options.dir);
  refuseNonEmpty(dir);
  const source = templateFolder(options.template, sdkDir);
  if (!fs.existsSync(source)) throw new InitError(`the ${options.template} template's folder ${source} is missing: this go-handoff installation is incomplete; reinstall it`);
  const files = templateFiles(source);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, writtenName(file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const text = fs.readFileSync(path.join(source, file));
    if (path.basename(file) === 'go.mod') {
      fs.writeFileSync(target, rewriteGoMod(text.toString('utf8'), { module: moduleNameFor(path.basename(dir)), sdkDir: sdkPathFor(path.dirname(target), options.sdkPath ? path.resolve(dir, options.sdkPath) : sdkDir, dir) }));
    } else if (path.basename(file) === 'package.json') {
      fs.writeFileSync(target, withGoHandoffDependency(text.toString('utf8'), options.goHandoffSpec ?? goHandoffSpec(packageVersion())));
    } else {
      fs.writeFileSync(target, text);
    }
  }
  return { dir, files: files.map(writtenName) };
}

/**
 * A template's `_gitignore` is written as `.gitignore`: a file of that name
 * inside the template would make git (and npm's packing) ignore the template's
 * own files.
 */
function writtenName(file: string): string {
  return path.basename(file) === '_gitignore' ? path.join(path.dirname(file), '.gitignore') : file;
}

/** A folder that does not exist or is empty can take a new function; anything else is the user's. */
function refuseNonEmpty(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new InitError(`${dir} is a file: give a new folder's name`);
  const entries = fs.readdirSync(dir);
  if (entries.length > 0) {
    throw new InitError(`${dir} already exists and is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): init never overwrites files; give a new folder's name`);
  }
}

/** The template's files, relative to it: its sources, not build outputs or hidden files. */
function templateFiles(source: string): string[] {
  return fs
    .readdirSync(source, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(source, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
}
