// create-go-handoff's sources, run in this process with the templates read
// from go/examples as its pack step reads them: what it writes, that its
// function folder and its Firebase project are what `go-handoff init`
// writes, and that the two packages share one version.
// test/e2e/npm-package.test.ts runs the packed package.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { type Bundled, main } from '../../packages/create-go-handoff/src/main';
import { FUNCTION_TEMPLATES } from '../../packages/create-go-handoff/src/project';
import { rewriteGoMod } from '../../src/init/go-mod';
import { initFunction } from '../../src/init/init-function';
import { readTemplateFiles } from '../../src/init/template-files';
import { TEMPLATES } from '../../src/init/templates';
import { repoRoot } from '../helpers/archives';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-create-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const version: string = readJson(path.join(repoRoot, 'package.json')).version;
const bundled: Bundled = {
  templates: Object.fromEntries(TEMPLATES.map((t) => [t, readTemplateFiles(path.join(repoRoot, 'go', 'examples', t))])) as Bundled['templates'],
  version,
};

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, bundled, (line) => out.push(line), (line) => err.push(line));
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Every file under dir, relative, with /, to its text. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')];
      }),
  );
}

describe('create-go-handoff', () => {
  it('writes the function, a package.json at go-handoff its own version, a .gitignore and a README', () => {
    const dir = path.join(scratch, 'My Orders');
    const result = run(dir, '--template', 'json');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Created .*My Orders: a go-handoff project from the json template \(function\/, package\.json, \.gitignore, README\.md\)/);
    expect(fs.readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'function', 'package.json']);
    expect(readJson(path.join(dir, 'package.json'))).toEqual({
      name: 'my-orders',
      version: '0.0.0',
      private: true,
      scripts: { build: 'go-handoff build function -o build/handler', start: 'go-handoff serve function --watch', package: 'go-handoff package function -o function.zip' },
      devDependencies: { 'go-handoff': `^${version}` },
    });
    const goMod = fs.readFileSync(path.join(dir, 'function', 'go.mod'), 'utf8');
    expect(goMod).toMatch(/^module my-orders$/m);
    expect(goMod).toMatch(/^replace github\.com\/go-handoff\/go-handoff => \.\.\/node_modules\/go-handoff\/go$/m);
  });

  it.each(FUNCTION_TEMPLATES)("writes the %s template's function as `go-handoff init` does", (template) => {
    const created = path.join(scratch, `created-${template}`);
    expect(run(created, '-t', template).status).toBe(0);
    const initialized = path.join(scratch, `init-${template}`);
    initFunction({ dir: initialized, template });
    const sameGoMod = (files: Record<string, string>) =>
      Object.fromEntries(Object.entries(files).map(([name, text]) => [name, name.endsWith('go.mod') ? rewriteGoMod(text, { module: 'm', sdkDir: '/sdk' }) : text]));
    expect(sameGoMod(filesOf(path.join(created, 'function')))).toEqual(sameGoMod(filesOf(initialized)));
  });

  it("writes the firebase template's project as `go-handoff init --template firebase` does, with a README, its go-handoff at this version", () => {
    const created = path.join(scratch, 'My Firebase');
    const result = run(created, '--template', 'firebase');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Created .*My Firebase: a Firebase project whose functions are written in Go \(firebase\.json, functions\/, go\/, README\.md\)/);
    expect(result.stdout).toContain('cd functions && npm install && npm run build');
    expect(fs.readdirSync(created).sort()).toEqual(['README.md', 'firebase.json', 'functions', 'go']);
    expect(readJson(path.join(created, 'functions', 'package.json')).devDependencies).toEqual({ 'go-handoff': `^${version}` });
    const goMod = fs.readFileSync(path.join(created, 'go', 'go.mod'), 'utf8');
    expect(goMod).toMatch(/^module my-firebase$/m);
    // Where functions/'s npm install puts the SDK: the project's go/ has no node_modules of its own.
    expect(goMod).toMatch(/^replace github\.com\/go-handoff\/go-handoff => \.\.\/functions\/node_modules\/go-handoff\/go$/m);
    expect(fs.readFileSync(path.join(created, 'README.md'), 'utf8')).toMatch(/^# my-firebase\n[\s\S]*onRequest\(go\.hello\)/);

    const initialized = path.join(scratch, 'init-firebase');
    initFunction({ dir: initialized, template: 'firebase', sdkPath: 'functions/node_modules/go-handoff/go' });
    const { 'README.md': readme, ...withoutReadme } = filesOf(created);
    expect(readme).toBeDefined();
    const sameModule = (files: Record<string, string>) => ({ ...files, 'go/go.mod': rewriteGoMod(files['go/go.mod'], { module: 'm', sdkDir: '../functions/node_modules/go-handoff/go' }) });
    expect(sameModule(withoutReadme)).toEqual(sameModule(filesOf(initialized)));
  });

  it("offers every template of go-handoff's, and names them when given another", () => {
    expect(Object.keys(bundled.templates).sort()).toEqual([...TEMPLATES].sort());
    expect([...FUNCTION_TEMPLATES, 'firebase'].sort()).toEqual([...TEMPLATES].sort());
    const grpc = run(path.join(scratch, 'grpc'), '--template', 'grpc');
    expect(grpc.status).toBe(2);
    expect(grpc.stderr).toMatch(/--template must be one of http, json, bytes, event, firebase, not "grpc"/);
    expect(fs.existsSync(path.join(scratch, 'grpc'))).toBe(false);
  });

  it('takes another go-handoff spec, refuses a folder that is not empty, and reads its options strictly', () => {
    const dir = path.join(scratch, 'local');
    expect(run(dir, '--go-handoff', 'file:../go-handoff.tgz').status).toBe(0);
    expect(readJson(path.join(dir, 'package.json')).devDependencies).toEqual({ 'go-handoff': 'file:../go-handoff.tgz' });
    const again = run(dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/local already exists and is not empty \(it holds \.gitignore, README\.md, function, \.\.\.\): nothing is overwritten/);
    expect(run('a', 'b').stderr).toMatch(/give one folder, not 2 \(a b\)/);
    expect(run('--bogus').status).toBe(2);
    expect(run('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining(`--go-handoff <spec>  the go-handoff devDependency (default: ^${version};`) });
  });

  it("has go-handoff's version, and no dependency of any kind", () => {
    const manifest = readJson(path.join(repoRoot, 'packages', 'create-go-handoff', 'package.json'));
    expect(manifest.version, 'the version is the root package.json\'s: run `node scripts/sync-version.mjs` (npm version does)').toBe(version);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'devDependencies']) expect(manifest[field], field).toBeUndefined();
  });
});
