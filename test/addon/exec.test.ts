// The addon's exec() in a real Node.js process: what the new program
// inherits on success, and that a failure leaves Node exactly as it was.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { repoRoot } from '../helpers/archives';

const addon = path.join(repoRoot, 'build', 'Release', 'handoff.node');
const child = path.join(path.dirname(new URL(import.meta.url).pathname), 'exec-child.cjs');

function runScenario(scenario: 'succeed' | 'fail'): string[] {
  // stdout is a pipe here, which Node makes non-blocking: the addon must undo that.
  const result = spawnSync(process.execPath, [child, scenario], { env: { ...process.env, GO_HANDOFF_ADDON: addon }, encoding: 'utf8', timeout: 20_000 });
  expect(result.stderr).toBe('');
  return result.stdout.trim().split('\n');
}

describe('exec', () => {
  it('hands the sockets over as fds 3 and 4, in the systemd convention, keeping stdio and the pid', () => {
    const [first, shell, ...lines] = runScenario('succeed');
    const node = JSON.parse(first);
    const sh = JSON.parse(shell);
    expect(sh).toEqual({ pid: node.pid, listenFds: '2', listenPid: String(node.pid), names: 'http:conn' });

    const fds = lines.filter((l) => l.startsWith('fd ')).map((l) => l.split(' '));
    const numbers = fds.map(([, n]) => Number(n));
    // 0-2, the two sockets, and the descriptor of the directory the shell is listing: nothing of Node's.
    expect(numbers.filter((n) => n !== 3 && n !== 4 && n > 2)).toHaveLength(1);
    expect(numbers.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(fds[3][2]).toMatch(/^socket:\[\d+\]$/);
    expect(fds[4][2]).toMatch(/^socket:\[\d+\]$/);
    expect(fds[3][2]).not.toBe(fds[4][2]);

    const flags = parseInt(lines.find((l) => l.startsWith('fdinfo1'))!.split(/\s+/).pop()!, 8);
    expect(flags & 0o4000).toBe(0); // O_NONBLOCK cleared on stdout
    expect(lines).toContain('SigBlk:\t0000000000000000');
  });

  it('throws a Node-style system error and restores every descriptor and flag when execve fails', () => {
    const [first, second] = runScenario('fail');
    const { listener, conn } = JSON.parse(first);
    const { error, before, after, body } = JSON.parse(second);
    expect(error).toEqual({
      isError: true,
      message: "ENOENT: No such file or directory, execve '/nonexistent/handler'",
      code: 'ENOENT',
      errno: -2,
      syscall: 'execve',
      path: '/nonexistent/handler',
    });
    expect(after).toEqual(before);
    expect(before.find((d: { fd: number }) => d.fd === listener)).toMatchObject({ listening: true, closeOnExec: true });
    expect(before.find((d: { fd: number }) => d.fd === conn)).toMatchObject({ type: 'socket', listening: false });
    expect(body).toBe('node is still serving\n');
  });
});

describe('argument checks', () => {
  const call = (code: string) =>
    spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(addon)}); try { ${code} } catch (e) { console.log(e.constructor.name + ': ' + e.message) }`], { encoding: 'utf8' }).stdout.trim();

  it.each([
    ['a.exec("/bin/true")', 'TypeError: exec(path, argv, env, fds[, options]) takes 4 or 5 arguments'],
    ['a.exec("/bin/true", [], {}, [], 1)', 'TypeError: options must be an object: { oncePerProcess, announce }'],
    ['a.exec("/bin/true", [], {}, [], { oncePerProcess: 1 })', 'TypeError: options.oncePerProcess must be a boolean'],
    ['a.exec("/bin/true", [], {}, [], { announce: "a\\u0000b" })', 'TypeError: options.announce must not contain a NUL character'],
    ['a.exec(1, [], {}, [])', 'TypeError: path must be a string'],
    ['a.exec("", [], {}, [])', 'TypeError: path must not be empty'],
    ['a.exec("/bin/true", ["a\\u0000b"], {}, [])', 'TypeError: argv[0] must not contain a NUL character'],
    ['a.exec("/bin/true", [], { "A=B": "c" }, [])', "TypeError: env key 'A=B' must be non-empty and contain no '='"],
    ['a.exec("/bin/true", [], {}, [1])', 'TypeError: fds[0] is stdio (1), which is always kept; pass listening sockets only'],
    ['a.exec("/bin/true", [], {}, [{ fd: 5, name: "a:b" }])', "TypeError: fds[0].name must be 1-255 characters without ':'"],
    ['a.exec("/bin/true", [], {}, [-1])', 'TypeError: fds[0] must be a non-negative integer'],
    ['a.exec("/bin/true", [], {}, [999])', "EBADF: Bad file descriptor, fcntl '/bin/true'"],
    ['a.exec("/bin/true", [], {}, [999, 999])', "EBADF: Bad file descriptor, fcntl '/bin/true'"],
  ])('%s', (code, expected) => {
    expect(call(code)).toBe(expected.startsWith('EBADF') ? `Error: ${expected}` : expected);
  });

  it('reports a descriptor that is not open', () => {
    expect(JSON.parse(execFileSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(addon)}).describeFd(987)))`], { encoding: 'utf8' }))).toEqual({ fd: 987, open: false });
  });
});
