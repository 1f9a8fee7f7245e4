// Rewrites a template's go.mod for a new function folder. Pure.
//
// A template's go.mod points at the SDK by a path relative to its place in
// this repository, which means nothing from the new folder. Editors and
// `go run` need a replace that resolves, so init writes the folder of the SDK
// it came with: relative when that is the project's own node_modules (the
// project can move, and nothing in go.mod points into a checkout or a
// user's home), absolute otherwise. go-handoff's build points the replace at
// its own SDK anyway.
import * as path from 'node:path';

export const SDK_MODULE = 'github.com/go-handoff/go-handoff';

/** A Go module path from a folder name: lower case, letters, digits and -._~ only. */
export function moduleNameFor(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-._~]+|[-._~]+$/g, '');
  return name || 'function';
}

/**
 * The path go.mod's replace gives for the SDK at sdkDir, seen from the
 * function folder: relative (./ or ../ first, as go.mod needs) when the SDK is
 * in a node_modules folder that the function folder's project holds, or one
 * inside projectDir, the folder init writes (the firebase template's go/ uses
 * the SDK in its sibling functions/node_modules).
 */
export function sdkPathFor(functionDir: string, sdkDir: string, projectDir?: string): string {
  const parts = path.resolve(sdkDir).split(path.sep);
  const modules = parts.lastIndexOf('node_modules');
  if (modules > 0) {
    const project = parts.slice(0, modules).join(path.sep) || path.sep;
    const inside = (dir: string, folder: string) => {
      const relative = path.relative(folder, path.resolve(dir));
      return !relative.startsWith('..') && !path.isAbsolute(relative);
    };
    if (inside(functionDir, project) || (projectDir !== undefined && inside(project, projectDir))) {
      const relative = path.relative(path.resolve(functionDir), path.resolve(sdkDir)).split(path.sep).join('/');
      return relative.startsWith('.') ? relative : `./${relative}`;
    }
  }
  return path.resolve(sdkDir);
}

/** A go.mod path argument, quoted when it holds characters go.mod's syntax would split on. */
function goModPath(file: string): string {
  return /^[^\s"'`\\()]+$/.test(file) ? file : JSON.stringify(file);
}

export function rewriteGoMod(text: string, options: { module: string; sdkDir: string }): string {
  const sdkTarget = `${SDK_MODULE} => ${goModPath(options.sdkDir)}`;
  const out: string[] = [];
  let replaced = false;
  let inReplaceBlock = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (/^module\s/.test(trimmed)) {
      out.push(`module ${options.module}`);
      continue;
    }
    if (/^replace\s*\($/.test(trimmed)) {
      inReplaceBlock = true;
    } else if (inReplaceBlock && trimmed === ')') {
      inReplaceBlock = false;
    } else if (inReplaceBlock && isSdkReplace(trimmed)) {
      out.push(`\t${sdkTarget}`);
      replaced = true;
      continue;
    } else if (/^replace\s/.test(trimmed) && isSdkReplace(trimmed.replace(/^replace\s+/, ''))) {
      // The comments above the template's replace explain the template's path.
      while (out.length > 0 && out[out.length - 1].trim().startsWith('//')) out.pop();
      out.push(INIT_COMMENT, `replace ${sdkTarget}`);
      replaced = true;
      continue;
    }
    out.push(line);
  }
  if (!replaced) {
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    out.push('', INIT_COMMENT, `replace ${sdkTarget}`, '');
  }
  return out.join('\n');
}

/** "github.com/go-handoff/go-handoff => ../.." or with a version: the SDK's replace. */
function isSdkReplace(directive: string): boolean {
  return directive.startsWith(`${SDK_MODULE} `) || directive.startsWith(`${SDK_MODULE}=>`);
}

const INIT_COMMENT = `// go-handoff init pointed this at the SDK it came with, for editors and
// \`go run\`; go-handoff's build points it at the SDK that builds the function.`;
