// go-handoff init: a new function folder from a template.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { packageVersion, sdkDir } from '../paths';
import { moduleNameFor } from './go-mod';
import { goHandoffSpec } from './package-json';
import { InitError, readTemplateFiles, refuseNonEmpty, writeTemplateFiles } from './template-files';
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

export function initFunction(options: InitOptions): InitializedFunction {
  const dir = path.resolve(options.dir);
  refuseNonEmpty(dir);
  const source = templateFolder(options.template, sdkDir);
  if (!fs.existsSync(source)) throw new InitError(`the ${options.template} template's folder ${source} is missing: this go-handoff installation is incomplete; reinstall it`);
  const files = writeTemplateFiles(dir, readTemplateFiles(source), {
    module: moduleNameFor(path.basename(dir)),
    sdkDir: options.sdkPath ? path.resolve(dir, options.sdkPath) : sdkDir,
    goHandoffSpec: options.goHandoffSpec ?? goHandoffSpec(packageVersion()),
  });
  return { dir, files: files.map((file) => file.split('/').join(path.sep)) };
}
