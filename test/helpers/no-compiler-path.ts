// PATHs with no C or C++ compiler on them, for tests that show go-handoff
// needs none: a folder of symlinks to the commands wanted, and nothing else.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** cc, c++, gcc, g++, clang, cpp, and every cross compiler (aarch64-linux-gnu-g++, x86_64-linux-gnu-gcc-14, ...). */
export const COMPILER = /^(cc|c\+\+|cpp|gcc|g\+\+|clang|clang\+\+|tcc|zig)(-[\d.]+)?$|-(gcc|g\+\+|cc|c\+\+|cpp|clang|clang\+\+)(-[\d.]+)?$/;

function findOnPath(command: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    const file = dir && path.join(dir, command);
    if (file && fs.existsSync(file)) return file;
  }
  return undefined;
}

/** A folder at dir holding symlinks to just these commands (found on searchPath); returns it. */
export function pathOf(dir: string, commands: string[], searchPath = process.env.PATH ?? ''): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const command of commands) {
    if (COMPILER.test(command)) throw new Error(`${command} is a compiler`);
    const file = findOnPath(command, searchPath);
    if (!file) throw new Error(`${command} is not on PATH (${searchPath})`);
    fs.symlinkSync(file, path.join(dir, command));
  }
  return dir;
}

/** A folder at dir holding symlinks to every command on searchPath but the compilers; returns it. */
export function pathWithoutCompilers(dir: string, searchPath = process.env.PATH ?? ''): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const from of searchPath.split(path.delimiter)) {
    if (!from || !fs.existsSync(from)) continue;
    for (const command of fs.readdirSync(from)) {
      const link = path.join(dir, command);
      if (COMPILER.test(command) || fs.existsSync(link)) continue;
      fs.symlinkSync(path.join(from, command), link);
    }
  }
  return dir;
}

/** The commands a shell script, npm and Go's build expect to find. */
export const SHELL_BASICS = ['sh', 'bash', 'env', 'cat', 'cp', 'mv', 'rm', 'ln', 'ls', 'mkdir', 'chmod', 'touch', 'sed', 'grep', 'dirname', 'basename', 'uname', 'tar', 'gzip'];
