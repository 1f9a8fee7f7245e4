// The seed systems' functions, copied from the reference documents into
// test/fixtures/seeds, built with `make FUNCTION=<folder>` as a user coming
// from each system would, and run under the real functions-framework host.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { unzip } from '../../src/package/unzip';
import { repoRoot } from '../helpers/archives';
import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';

const SEEDS = [
  '000-hello',
  '000-hello-package-main',
  '000-json-response',
  '000-mongodb-pool',
  '001-eawsy-hello',
  '001-eawsy-error',
  '001-eawsy-panic',
  '001-eawsy-custom-type',
  '004-ignite',
] as const;
type Seed = (typeof SEEDS)[number];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-seeds-'));
const hosts = {} as Record<Seed, HostProcess>;

beforeAll(async () => {
  for (const seed of SEEDS) {
    const name = `test-seed-${process.pid}-${seed}`;
    execFileSync('make', ['--no-print-directory', `FUNCTION=test/fixtures/seeds/${seed}`, `PACKAGE=${name}`], { cwd: repoRoot, stdio: 'pipe' });
    const dir = path.join(scratch, seed);
    await unzip(path.join(repoRoot, `${name}.zip`), dir);
    fs.rmSync(path.join(repoRoot, `${name}.zip`));
    hosts[seed] = await startFunctionsFrameworkHost(dir, { env: { FUNCTION_ID: 'fn-123' } });
  }
}, 600_000);
afterAll(async () => {
  await stopAllHosts();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function call(seed: Seed, body?: string, headers: Record<string, string> = {}) {
  return fetch(hosts[seed].url('/execute'), {
    method: body === undefined ? 'GET' : 'POST',
    body,
    headers: { 'Function-Execution-Id': `exec-${seed}`, ...headers },
  });
}

describe('seed 000: a FaaS whose zip holds only handler.go', () => {
  it.each(['000-hello', '000-hello-package-main'] as const)('%s answers "Hello from Eywa!", package function or main alike', async (seed) => {
    const answer = await call(seed);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('{"message": "Hello from Eywa!"');
  });

  it('answers the JSON response example with the headers and environment, and logs to stdout', async () => {
    const answer = await call('000-json-response', 'some payload', { 'X-Seed': 'yes' });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { payload: string; headers: Record<string, string[]>; environment: string[] };
    // The document's code never assigns the payload it reads (it sits after a return): it answers "".
    expect(body.payload).toBe('');
    expect(body.headers['X-Seed']).toEqual(['yes']);
    expect(body.environment).toContain('GO_HANDOFF_HOST=functions-framework');
    await hosts['000-json-response'].output('request body: ', 'stdout');
  });

  it('builds the connection-pool example with its third-party module, and answers 500 without its secrets', async () => {
    for (let i = 0; i < 2; i++) expect((await call('000-mongodb-pool')).status).toBe(500);
  });
});

describe('seed 001: the eawsy Lambda shim', () => {
  it('builds `import "C"` and the shim runtime unchanged, and answers "Hello, World!" as JSON', async () => {
    const answer = await call('001-eawsy-hello', '{}');
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('"Hello, World!"');
  });

  it('answers a returned error with {"errorMessage": "Oh, Snap!"} and status 500', async () => {
    const answer = await call('001-eawsy-error', '{}');
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ errorMessage: 'Oh, Snap!', errorType: 'errorString' });
  });

  it('answers a panic with a generic error carrying the request id, logs the stack, and keeps serving', async () => {
    const answer = await call('001-eawsy-panic', '{}');
    expect(answer.status).toBe(500);
    expect(answer.headers.get('x-google-status')).toBe('crash');
    expect(await answer.json()).toEqual({ errorMessage: 'RequestId: exec-001-eawsy-panic Error: the function panicked; its stack trace is in the logs', errorType: 'Panic' });
    const log = await hosts['001-eawsy-panic'].output('main.Handle', 'stderr');
    expect(log).toMatch(/the function panicked: Oh, Snap!/);
    expect((await call('001-eawsy-panic', '{}')).status).toBe(500);
  });

  it('decodes a custom event type and fills the runtime Context', async () => {
    const answer = await call('001-eawsy-custom-type', JSON.stringify({ name: 'Ada' }));
    expect(await answer.json()).toEqual({ name: 'Hello, Ada', requestId: 'exec-001-eawsy-custom-type', function: 'anyEntryPoint', timeLeft: true });
  });
});

describe('seed 004: the compile path (import "ignite")', () => {
  it('answers the handler result verbatim as application/octet-stream, with the Context filled', async () => {
    const answer = await call('004-ignite', JSON.stringify({ name: 'Ada' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(await answer.text()).toBe('{"execution_id":"exec-004-ignite","function_id":"fn-123","greeting":"Hello, Ada!"}');
    expect(await (await call('004-ignite', '{}')).text()).toContain('"greeting":"Hello, world!"');
  });

  it('answers an error with 500 and {"error": ...}', async () => {
    const answer = await call('004-ignite', 'not json');
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ error: "invalid character 'o' in literal null (expecting 'u')" });
  });
});
