// go-handoff as a user gets it: both packages packed with `npm pack`,
// installed from the tarballs into an empty folder outside this repository
// (their registry dependencies come from npm's cache), and used with a PATH
// that holds node, npm, go and a shell's basics: no C or C++ compiler, no make.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { highestVersions, readVersionNeeds } from '../../src/inspect/elf-symbol-versions';
import { readElf } from '../../src/loader/elf';
import { extractArchive } from '../../src/package/extract-archive';
import { readArchive } from '../../src/package/read-archive';
import { repoRoot } from '../helpers/archives';
import { requireFirebase } from '../helpers/firebase';
import { HostProcess, stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { COMPILER, pathOf, SHELL_BASICS } from '../helpers/no-compiler-path';
import { freePort } from '../helpers/ports';
import { executableOf } from '../helpers/proc';

const run = promisify(execFile);
const version: string = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-npm-test-')));
const project = path.join(scratch, 'project');
const bin = path.join(scratch, 'bin');
const tarballs = { goHandoff: '', create: '' };
const serving: ChildProcess[] = [];

/** The user's environment: this one's, less npm's own variables (vitest may run under npm), with the compiler-free PATH. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_/i.test(name) && !['CC', 'CXX', 'GO_HANDOFF_PREBUILDS', 'GO_HANDOFF_ADDON'].includes(name)) env[name] = value;
  return { ...env, PATH: bin };
}

function inProject(command: string, args: string[], cwd = project) {
  return run(command, args, { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** npm pack in dir, into scratch; the tarball's path. */
async function pack(dir: string, args: string[] = []): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch, ...args], { cwd: dir, encoding: 'utf8' });
  return path.join(scratch, JSON.parse(stdout)[0].filename);
}

beforeAll(async () => {
  // make deps built dist/ and the prebuilds that prepack would rebuild.
  tarballs.goHandoff = await pack(repoRoot, ['--ignore-scripts']);
  tarballs.create = await pack(path.join(repoRoot, 'packages', 'create-go-handoff'));
  pathOf(bin, ['node', 'npm', 'npx', 'go', ...SHELL_BASICS]);
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'project', private: true }, null, 2));
}, 120_000);
afterEach(stopAllHosts);
afterAll(() => {
  for (const child of serving) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('go-handoff installed from its npm tarball, with no compiler', () => {
  it('the PATH holds no C or C++ compiler', () => {
    expect(fs.readdirSync(bin).filter((command) => COMPILER.test(command))).toEqual([]);
    for (const compiler of ['cc', 'c++', 'gcc', 'g++', 'clang', 'make']) expect(fs.existsSync(path.join(bin, compiler))).toBe(false);
  });

  it('installs with no install script and no warning about one', async () => {
    const { stdout, stderr } = await inProject('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarballs.goHandoff, tarballs.create]);
    expect(stdout + stderr).not.toMatch(/install-scripts|allowScripts|node-gyp|gyp /);
    const installed = path.join(project, 'node_modules', 'go-handoff');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.version).toBe(version);
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => /install/.test(name))).toEqual([]);
    expect(fs.existsSync(path.join(installed, 'native'))).toBe(false);
    expect(fs.readdirSync(path.join(installed, 'prebuilds')).sort()).toEqual(['linux-arm64', 'linux-x64']);
    const { stdout: shown } = await inProject('npx', ['go-handoff', '--version']);
    expect(shown.trim()).toBe(version);
  }, 180_000);

  it('init writes a function whose go.mod points at the installed SDK, not into this repository', async () => {
    await inProject('npx', ['go-handoff', 'init', 'fn']);
    const goMod = fs.readFileSync(path.join(project, 'fn', 'go.mod'), 'utf8');
    expect(goMod).toMatch(/^replace github\.com\/go-handoff\/go-handoff => \.\.\/node_modules\/go-handoff\/go$/m);
    expect(goMod).not.toContain(repoRoot);
    const main = path.join(project, 'fn', 'main.go');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('"path": r.URL.Path', '"path": r.URL.Path, "from": "npm"'));
  });

  it('package builds fn.zip with the prebuilt addon and the installed SDK, and says so', async () => {
    const { stdout } = await inProject('npx', ['go-handoff', 'package', 'fn', '-o', 'fn.zip']);
    expect(stdout).toContain(`Go SDK: github.com/go-handoff/go-handoff resolved to ${path.join(project, 'node_modules', 'go-handoff', 'go')} (go-handoff ${version}'s own`);
    expect(stdout).toContain('addon: node_modules/go-handoff/prebuilds/linux-x64/handoff.node (prebuilt)');
    const { files } = await readArchive(path.join(project, 'fn.zip'));
    expect(files.map((f) => f.name).sort()).toEqual(['exec-wrapper', 'handler', 'index.js', 'package-lock.json', 'package.json', 'prebuilds/linux-x64/handoff.node']);
    const addon = files.find((f) => f.name === 'prebuilds/linux-x64/handoff.node')!.data;
    expect(addon.equals(fs.readFileSync(path.join(project, 'node_modules', 'go-handoff', 'prebuilds', 'linux-x64', 'handoff.node')))).toBe(true);
    expect(Number(highestVersions(readVersionNeeds(addon)).GLIBC.split('.')[1])).toBeLessThanOrEqual(17);
  }, 180_000);

  it('package --arch arm64 ships the arm64 prebuild and an arm64 binary', async () => {
    const { stdout } = await inProject('npx', ['go-handoff', 'package', 'fn', '--arch', 'arm64', '-o', 'fn-arm64.zip']);
    expect(stdout).toContain('addon: node_modules/go-handoff/prebuilds/linux-arm64/handoff.node (prebuilt)');
    const { files } = await readArchive(path.join(project, 'fn-arm64.zip'));
    expect(readElf(files.find((f) => f.name === 'prebuilds/linux-arm64/handoff.node')!.data)).toMatchObject({ arch: 'arm64', bits: 64 });
    expect(readElf(files.find((f) => f.name === 'handler')!.data)).toMatchObject({ arch: 'arm64', bits: 64 });
  }, 180_000);

  it('inspect checks fn.zip', async () => {
    const { stdout } = await inProject('npx', ['go-handoff', 'inspect', 'fn.zip']);
    expect(stdout).toMatch(new RegExp(`✓ index\\.js: go-handoff's loader, the one go-handoff ${version.replace(/\./g, '\\.')} bundles`));
    expect(stdout).toMatch(/fn\.zip would run on linux-x64 hosts/);
  });

  it('fn.zip runs under the real functions-framework, the serving PID being the Go binary', async () => {
    const dir = path.join(scratch, 'deployed');
    await extractArchive(path.join(project, 'fn.zip'), dir);
    const host = await startFunctionsFrameworkHost(dir);
    const response = await fetch(host.url('/execute'));
    expect(await response.json()).toEqual({ method: 'GET', path: '/execute', from: 'npm' });
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
  }, 60_000);

  it('serve --watch serves fn and rebuilds it after an edit', async () => {
    const port = await freePort();
    const child = spawn('npx', ['go-handoff', 'serve', 'fn', '--watch', '--port', String(port)], { cwd: project, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    serving.push(child);
    const cli = new HostProcess(child, port);
    await cli.output(`at http://localhost:${port}/execute`, 'stdout', 120_000);
    expect(await (await fetch(cli.url('/execute'))).json()).toMatchObject({ from: 'npm' });

    const main = path.join(project, 'fn', 'main.go');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('"from": "npm"', '"from": "an edit"'));
    await cli.output('main.go changed: rebuilt and restarted', 'stdout', 120_000);
    expect(await (await fetch(cli.url('/execute'))).json()).toMatchObject({ from: 'an edit' });
    // Ctrl-C, as a terminal sends it: to npx and everything it started.
    process.kill(-child.pid!, 'SIGINT');
    await cli.exited;
    const deadline = Date.now() + 15_000;
    let stillServing = true;
    while (stillServing && Date.now() < deadline) {
      stillServing = await fetch(cli.url('/execute')).then(
        () => true,
        () => false,
      );
      if (stillServing) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stillServing).toBe(false);
  }, 240_000);
});

describe('npm create go-handoff, from its tarball', () => {
  it('scaffolds a project whose scripts build, package and serve its function', async () => {
    const { stdout } = await inProject('npx', ['create-go-handoff', 'my-fn', '--template', 'json', '--go-handoff', `file:${tarballs.goHandoff}`]);
    expect(stdout).toMatch(/Created my-fn: a go-handoff project/);
    const app = path.join(project, 'my-fn');
    expect(fs.readdirSync(app).sort()).toEqual(['.gitignore', 'README.md', 'function', 'package.json']);
    expect(fs.readdirSync(path.join(app, 'function')).sort()).toEqual(['go.mod', 'main.go']);
    const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'my-fn',
      private: true,
      scripts: { build: 'go-handoff build function -o build/handler', start: 'go-handoff serve function --watch', package: 'go-handoff package function -o function.zip' },
      devDependencies: { 'go-handoff': `file:${tarballs.goHandoff}` },
    });
    expect(fs.readFileSync(path.join(app, '.gitignore'), 'utf8')).toMatch(/^node_modules\/$/m);
    expect(fs.readFileSync(path.join(app, 'README.md'), 'utf8')).toMatch(/npm start/);
    expect(fs.readFileSync(path.join(app, 'function', 'go.mod'), 'utf8')).toMatch(/^replace github\.com\/go-handoff\/go-handoff => \.\.\/node_modules\/go-handoff\/go$/m);

    const install = await inProject('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
    expect(install.stdout + install.stderr).not.toMatch(/install-scripts|allowScripts/);
    await inProject('npm', ['run', 'build'], app);
    expect(readElf(fs.readFileSync(path.join(app, 'build', 'handler')))).toMatchObject({ arch: 'x64' });
    const packaged = await inProject('npm', ['run', 'package'], app);
    expect(packaged.stdout).toMatch(/wrote function\.zip/);
    expect((await readArchive(path.join(app, 'function.zip'))).files.map((f) => f.name)).toContain('prebuilds/linux-x64/handoff.node');
    const dir = path.join(scratch, 'my-fn-deployed');
    await extractArchive(path.join(app, 'function.zip'), dir);
    const host = await startFunctionsFrameworkHost(dir);
    const answer = await fetch(host.url('/execute'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'tea', quantity: 2 }) });
    expect(await answer.json()).toMatchObject({ item: 'tea', quantity: 2 });
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
  }, 300_000);

  it("scaffolds a Firebase project whose functions/ lists go-handoff, so that npm install and npm run build work there", async () => {
    const { stdout } = await inProject('npx', ['create-go-handoff', 'my-firebase', '--template', 'firebase', '--go-handoff', `file:${tarballs.goHandoff}`]);
    expect(stdout).toMatch(/Created my-firebase: a Firebase project/);
    const app = path.join(project, 'my-firebase');
    expect(fs.readdirSync(app).sort()).toEqual(['README.md', 'firebase.json', 'functions', 'go']);
    const functions = path.join(app, 'functions');
    expect(JSON.parse(fs.readFileSync(path.join(functions, 'package.json'), 'utf8')).devDependencies).toEqual({ 'go-handoff': `file:${tarballs.goHandoff}` });
    // go.mod's replace points where functions/'s npm install puts the SDK.
    expect(fs.readFileSync(path.join(app, 'go', 'go.mod'), 'utf8')).toMatch(/^replace github\.com\/go-handoff\/go-handoff => \.\.\/functions\/node_modules\/go-handoff\/go$/m);

    // firebase-functions and firebase-admin as make check installs them, as the registry would bring them.
    fs.cpSync(requireFirebase().functionsModules, path.join(functions, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    await inProject('npm', ['install', '--offline', '--no-audit', '--no-fund'], functions);
    await inProject('npm', ['run', 'build'], functions);
    const manifest = JSON.parse(fs.readFileSync(path.join(functions, 'go-handoff', 'package.json'), 'utf8'));
    expect(manifest.goHandoff).toMatchObject({ builtWith: version, functions: ['Hello'] });
    expect(readElf(fs.readFileSync(path.join(functions, 'go-handoff', 'handler')))).toMatchObject({ arch: 'x64' });
  }, 300_000);

  it('refuses a folder that is not empty', async () => {
    await expect(inProject('npx', ['create-go-handoff', 'fn'])).rejects.toMatchObject({ stderr: expect.stringMatching(/fn already exists and is not empty/) });
  });
});
