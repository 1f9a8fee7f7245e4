// Gives create-go-handoff go-handoff's version: the two are released together,
// and the project create-go-handoff writes depends on go-handoff at its own
// version. The root package.json holds the number; `npm version <v>` there
// runs this (the "version" script) and commits both files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const createManifest = path.join(root, 'packages', 'create-go-handoff', 'package.json');

const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const create = JSON.parse(fs.readFileSync(createManifest, 'utf8'));
if (create.version !== version) {
  create.version = version;
  fs.writeFileSync(createManifest, JSON.stringify(create, null, 2) + '\n');
  console.log(`create-go-handoff is now ${version}`);
}
