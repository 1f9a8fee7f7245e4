// The addon's exec() from Node.js worker threads, as aws-lambda-ric calls it
// on Lambda Managed Instances (each worker loads index.js): the program it
// becomes gets the process's own thread state, not the worker's; several
// workers at once give one exec; once one attempt failed, no other thread
// tries; a failed exec puts the worker's state back.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { repoRoot } from '../helpers/archives';

const addon = path.join(repoRoot, 'build', 'Release', 'handoff.node');
const here = path.dirname(new URL(import.meta.url).pathname);
const child = path.join(here, 'exec-worker-child.cjs');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-worker-exec-'));
const helper = path.join(scratch, 'block-signals.so');

beforeAll(() => {
  // The machine's C++ compiler, which `make check` builds the addon with.
  execFileSync('c++', ['-shared', '-fPIC', '-o', helper, path.join(here, 'block-signals.cc')]);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Line {
  pid?: number;
  main?: { cpus: string; nice: number; timerSlack: string };
  reports?: { index: number; error: { code: string; syscall: string; earlierAttempt: boolean }; before?: ThreadState; after?: ThreadState }[];
  blocked?: string;
  pending?: string;
  cpus?: string;
  nice?: number;
  timerSlack?: string;
  mainExec?: number;
}

interface ThreadState {
  cpus: string;
  nice: number;
  timerSlack: string;
  pending: string;
  blocked: string;
}

function runScenario(scenario: 'state' | 'race' | 'fail-once' | 'restore'): { lines: Line[]; announced: string[] } {
  const result = spawnSync(process.execPath, [child, scenario], {
    env: { ...process.env, GO_HANDOFF_ADDON: addon, BLOCK_SIGNALS_HELPER: helper },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.stderr).toBe('');
  expect(result.signal).toBeNull();
  const all = result.stdout.trim().split('\n');
  return {
    lines: all.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line),
    announced: all.filter((l) => /^worker \d+ becomes the program$/.test(l)),
  };
}

const SIGUSR2_PENDING = '0000000000000800';

describe('exec from a worker thread', () => {
  it("starts the program with the process's own thread state, not the worker's", () => {
    const { lines, announced } = runScenario('state');
    const [node, program] = lines;
    // The worker had: its own CPU, nice 7, a timer slack of its own, every
    // signal blocked and SIGUSR2 pending for it alone.
    expect(program).toEqual({
      pid: node.pid,
      blocked: '0000000000000000',
      pending: '0000000000000000',
      cpus: node.main!.cpus,
      nice: node.main!.nice,
      timerSlack: node.main!.timerSlack,
    });
    expect(announced).toEqual(['worker 0 becomes the program']);
  });

  it('execs once when several workers ask at the same moment', () => {
    const { lines, announced } = runScenario('race');
    const [node, ...programs] = lines;
    expect(programs).toHaveLength(1);
    expect(programs[0].pid).toBe(node.pid);
    expect(announced).toHaveLength(1);
  });

  it('once one attempt failed, the other workers try nothing and get its failure; the main thread still may', () => {
    const { lines, announced } = runScenario('fail-once');
    const [node, { reports }, after] = lines;
    expect(reports!.map((r) => r.error.code)).toEqual(Array(6).fill('ENOENT'));
    expect(reports!.filter((r) => !r.error.earlierAttempt)).toHaveLength(1);
    // Only the one that tried announced itself.
    const tried = reports!.find((r) => !r.error.earlierAttempt)!.index;
    expect(announced).toEqual([`worker ${tried} becomes the program`]);
    expect(after).toEqual({ mainExec: node.pid });
  });

  it("puts the worker's thread state back when the exec fails", () => {
    const { lines } = runScenario('restore');
    const [, { reports }] = lines;
    const [{ error, before, after }] = reports!;
    expect(error).toEqual({ code: 'ENOENT', syscall: 'execve', earlierAttempt: false });
    expect(before).toMatchObject({ nice: 7, timerSlack: '123456', pending: SIGUSR2_PENDING });
    expect(before!.blocked).not.toBe('0000000000000000');
    const { tid: _tid, ...state } = before as ThreadState & { tid: number };
    expect(after).toEqual(state);
  });
});
