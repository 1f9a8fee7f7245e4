// Where go-handoff's own files are, whether running from src/ (tests) or from
// the bundled dist/cli.js.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'go-handoff') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`go-handoff: cannot find its own package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();

/** The Go SDK's module folder. */
export const sdkDir = path.join(packageRoot, 'go');

/** The bundled loader, index.js of every archive (scripts/build.mjs). */
export const loaderBundle = path.join(packageRoot, 'dist', 'loader', 'index.js');

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version;
}
