// The way in from a clone, followed literally: the README's `git clone` and
// `cd`, then the commands of the fenced block under "Start from a clone" in
// docs/getting-started.md, in order, in a copy of this repository, as they
// are written. Only what a test cannot do itself stands in for a person:
//   - `git clone <GitHub address> <dir>` copies this working tree instead (the
//     files git would clone, uncommitted changes included);
//   - `$EDITOR <file>` writes a new function into the file;
//   - the long-running `serve --watch` runs in the background on a free port
//     ($PORT), is edited once more, and is stopped with SIGTERM.
// The archive it ends with is then served as a host would serve it.
import { execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { extractArchive } from '../../src/package/extract-archive';
import { repoRoot } from '../helpers/archives';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { freePort } from '../helpers/ports';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-template-flow-'));
const groups: number[] = [];
afterEach(async () => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await stopAllHosts();
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A fenced block's commands, without their comments. */
function commandsOf(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s{2,}#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The README's clone: the `git clone` and `cd` lines of its block that clones. */
export function readmeCloneCommands(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /^git clone /m.test(b));
  if (blocks.length !== 1) throw new Error(`README.md should have one \`\`\`sh block with git clone, not ${blocks.length}`);
  return commandsOf(blocks[0]).filter((line) => /^(git clone|cd) /.test(line));
}

/** The commands of getting-started's block under "Start from a clone". */
export function cloneWalkCommands(page: string): string[] {
  const section = page.split(/^## Start from a clone$/m)[1]?.split(/^## /m)[0];
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/getting-started.md has no ```sh block under "## Start from a clone"');
  return commandsOf(block);
}

function read(file: string): string {
  return fs.readFileSync(path.join(repoRoot, file), 'utf8');
}

/** The whole walk: clone, then the page's commands. */
function walk(): string[] {
  return [...readmeCloneCommands(read('README.md')), ...cloneWalkCommands(read('docs/getting-started.md'))];
}

/** What the user writes into the json template: a typed JSON function. */
function yourFunction(greeting: string): string {
  return `package main

import (
	"context"

	"github.com/go-handoff/go-handoff/handoff"
)

type Order struct {
	Item string \`json:"item"\`
}

func answer(ctx context.Context, order Order) (map[string]string, error) {
	return map[string]string{"answer": "${greeting} " + order.Item}, nil
}

func main() {
	handoff.Start(answer)
}
`;
}

/** The files `git clone` would give: tracked, and new ones not ignored. */
function copyWorkingTree(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(repoRoot, file);
    if (!fs.existsSync(from)) continue; // deleted, not yet committed
    fs.mkdirSync(path.join(to, path.dirname(file)), { recursive: true });
    fs.copyFileSync(from, path.join(to, file));
    fs.chmodSync(path.join(to, file), fs.statSync(from).mode & 0o777);
  }
}

/** Waits until no process of the group is left. */
async function groupGone(pgid: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process group ${pgid} still runs ${timeoutMs} ms after Ctrl-C`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(url: string, body: object): Promise<string> {
  return (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).text();
}

async function answersWith(url: string, want: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await post(url, { item: 'tea' }).catch((error) => String(error));
    if (last.includes(want)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered ${want}; last: ${last}`);
}

describe('the way in from a clone (README, then docs/getting-started.md)', () => {
  it('reads as a block of commands this test knows how to follow', () => {
    const commands = walk();
    expect(commands[0]).toMatch(/^git clone https:\/\/github\.com\/go-handoff\/go-handoff\.git \S+$/);
    expect(commands[1]).toMatch(/^cd \S+$/);
    expect(commands.some((c) => /^\$EDITOR /.test(c))).toBe(true);
    expect(commands.some((c) => / --watch$/.test(c))).toBe(true);
  });

  it('gives the clone command once, in the README', () => {
    const pages = ['README.md', 'CONTRIBUTING.md', ...fs.readdirSync(path.join(repoRoot, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));
    const cloning = pages.filter((page) => /git clone /.test(read(page)));
    expect(cloning).toEqual(['README.md']);
    expect(read('README.md').match(/git clone /g)).toHaveLength(1);
  });

  it('works, command by command', async () => {
    const commands = walk();
    const port = await freePort();
    const env = { ...process.env, PORT: String(port) };
    let cwd = scratch;
    let edited = '';
    let archive = '';
    for (const command of commands) {
      let match: RegExpExecArray | null;
      if ((match = /^git clone \S+ (\S+)$/.exec(command))) {
        copyWorkingTree(path.join(cwd, match[1]));
      } else if ((match = /^cd (\S+)$/.exec(command))) {
        cwd = path.join(cwd, match[1]);
      } else if ((match = /^\$EDITOR (\S+)$/.exec(command))) {
        edited = path.join(cwd, match[1]);
        expect(fs.existsSync(edited), `${command}: the file to edit exists`).toBe(true);
        fs.writeFileSync(edited, yourFunction('One'));
      } else if (/ --watch$/.test(command)) {
        const serving = spawn('bash', ['-c', `exec ${command}`], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        groups.push(serving.pid!);
        const cli = track(new HostProcess(serving, port));
        await cli.output(`at http://localhost:${port}/execute`, 'stdout', 120_000);
        await answersWith(cli.url('/execute'), '{"answer":"One tea"}');
        fs.writeFileSync(edited, yourFunction('Two'));
        await answersWith(cli.url('/execute'), '{"answer":"Two tea"}');
        // Ctrl-C, as a terminal sends it: to the whole process group (npx, the CLI, the host).
        process.kill(-serving.pid!, 'SIGINT');
        await cli.exited;
        await groupGone(serving.pid!);
      } else {
        // Not execFileSync: `make` in a fresh copy builds the prebuilds with zig, for
        // over a minute, and a worker blocked that long loses vitest's heartbeat.
        const { stdout: output } = await promisify(execFile)('bash', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
        archive = /^go-handoff: wrote (\S+) /m.exec(output)?.[1] ?? archive;
        if (/ inspect /.test(command)) expect(output).toMatch(/would run on linux-x64 hosts/);
      }
    }

    // Deploying is the host's part: unpack the archive and serve it under functions-framework.
    expect(archive).not.toBe('');
    const dir = path.join(scratch, 'deployed');
    await extractArchive(path.join(cwd, archive), dir);
    const host = await startFunctionsFrameworkHost(dir);
    expect(await post(host.url('/execute'), { item: 'tea' })).toContain('{"answer":"Two tea"}');
  }, 600_000);
});
