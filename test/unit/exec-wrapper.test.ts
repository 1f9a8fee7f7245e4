// The exec-wrapper script run by sh, as Lambda's bootstrap runs it
// (`$AWS_LAMBDA_EXEC_WRAPPER node <arguments>`), in a task root laid out as a
// codebase: the archive in go-handoff/, a JavaScript function's app.js beside
// it. A stand-in "Go binary" and a stand-in "node" say which one ran.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execWrapperScript } from '../../src/package/exec-wrapper';

let taskRoot: string;

beforeAll(() => {
  taskRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-wrapper-test-'));
  const archive = path.join(taskRoot, 'go-handoff');
  fs.mkdirSync(archive);
  fs.writeFileSync(path.join(archive, 'exec-wrapper'), execWrapperScript('handler'), { mode: 0o755 });
  fs.writeFileSync(path.join(archive, 'handler'), '#!/bin/sh\necho "Go in $GO_HANDOFF_HOST"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(archive, 'index.js'), '');
  fs.writeFileSync(path.join(taskRoot, 'app.js'), '');
  fs.writeFileSync(path.join(taskRoot, 'node'), '#!/bin/sh\necho "Node.js with $*"\n', { mode: 0o755 });
});

afterAll(() => {
  if (taskRoot) fs.rmSync(taskRoot, { recursive: true, force: true });
});

/** What runs for a handler: the wrapper's last line of output. */
function runs(handler: string | undefined, wrapper = path.join(taskRoot, 'go-handoff', 'exec-wrapper')): string {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LAMBDA_TASK_ROOT: taskRoot, ...(handler === undefined ? {} : { _HANDLER: handler }) };
  const result = spawnSync('sh', [wrapper, path.join(taskRoot, 'node'), '/var/runtime/index.mjs'], { cwd: taskRoot, env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').pop()!;
}

describe('exec-wrapper', () => {
  it("runs Go for a handler that is the archive's own index.js", () => {
    expect(runs('go-handoff/index.handler')).toBe('Go in lambda');
    expect(runs('go-handoff/index.anything.nested')).toBe('Go in lambda');
    // Lambda's runtime without _HANDLER never happens; the wrapper then runs Go, as it did before.
    expect(runs(undefined)).toBe('Go in lambda');
  });

  it('runs Go for index.handler when the archive is the task root, however the root is spelled', () => {
    const wrapper = path.join(taskRoot, 'go-handoff', 'exec-wrapper');
    const env = { PATH: process.env.PATH, LAMBDA_TASK_ROOT: path.join(taskRoot, 'go-handoff', '.'), _HANDLER: 'index.handler' };
    const result = spawnSync('sh', [wrapper, path.join(taskRoot, 'node')], { env, encoding: 'utf8' });
    expect(result.stdout.trim().split('\n').pop()).toBe('Go in lambda');
  });

  it('runs Go when the task root is the same folder reached another way (a bind mount at /var/task, here a symlink)', () => {
    const link = `${taskRoot}-link`;
    fs.symlinkSync(taskRoot, link);
    try {
      const env = { PATH: process.env.PATH, LAMBDA_TASK_ROOT: taskRoot, _HANDLER: 'go-handoff/index.handler' };
      const result = spawnSync('sh', [path.join(link, 'go-handoff', 'exec-wrapper'), path.join(taskRoot, 'node')], { env, encoding: 'utf8' });
      expect(result.stdout.trim().split('\n').pop()).toBe('Go in lambda');
    } finally {
      fs.unlinkSync(link);
    }
  });

  it('leaves every other handler to Node.js, with the command Lambda gave', () => {
    expect(runs('app.handler')).toBe('Node.js with /var/runtime/index.mjs');
    expect(runs('index.handler')).toBe('Node.js with /var/runtime/index.mjs'); // the task root's index.js is not the archive's
    expect(runs('go-handoff/app.handler')).toBe('Node.js with /var/runtime/index.mjs');
    expect(runs('missing/index.handler')).toBe('Node.js with /var/runtime/index.mjs');
  });
});
