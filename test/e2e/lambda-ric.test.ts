// The same function.zip under AWS's own Lambda Runtime Interface Emulator
// (aws-lambda-rie), running the bootstrap of Lambda's Node.js runtime
// (test/hosts/lambda-node-bootstrap.sh) in the unpacked archive:
//   - as usual, aws-lambda-ric, the runtime of Lambda's Node.js images, on
//     Node.js 22 (both installed by scripts/install-lambda-ric.mjs), loads
//     index.<handler> with import() and the loader hands over at init;
//   - with AWS_LAMBDA_EXEC_WRAPPER=<task root>/exec-wrapper, the bootstrap
//     starts the archive's exec-wrapper in node's place, which execs the Go
//     binary: no Node.js process ever runs.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { childrenOf, LambdaEmulator, stopAllEmulators } from '../helpers/lambda-rie';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

afterEach(async () => {
  await stopAllEmulators();
  removeUnpacked();
});

type Archive = 'lambda-typed' | 'lambda-http' | 'lambda-go';

async function underEmulator(archive: Archive, options: { execWrapper?: boolean; breakIt?: (dir: string) => void } = {}): Promise<{ rie: LambdaEmulator; dir: string }> {
  const dir = await unpackArchive(archive);
  options.breakIt?.(dir);
  return { rie: await LambdaEmulator.start(dir, { execWrapper: options.execWrapper }), dir };
}

describe.each([
  // The loader's line when index.js hands over; the wrapper's when it execs the binary itself.
  { mode: 'aws-lambda-ric, the usual hand-over', execWrapper: false, becomes: '(lambda, no sockets)', never: 'exec-wrapper' },
  { mode: 'AWS_LAMBDA_EXEC_WRAPPER=exec-wrapper, no Node.js', execWrapper: true, becomes: '(lambda, exec-wrapper, no Node.js)', never: '(lambda, no sockets)' },
])('under aws-lambda-rie with the Node.js runtime\'s bootstrap: $mode', ({ execWrapper, becomes, never }) => {
  it('answers in the runtime process, now the Go binary; errors come back as Lambda reports them', async () => {
    const { rie, dir } = await underEmulator('lambda-typed', { execWrapper });
    const answer = await rie.invoke({ mode: 'echo', message: 'from rie' }, { 'X-Amzn-RequestId': 'req-rie-1' });
    expect(answer.status, answer.body).toBe(200);
    const pid = rie.runtimePid()!;
    expect(answer.json).toMatchObject({
      message: 'from rie',
      requestId: 'req-rie-1',
      functionName: 'go-handoff-test',
      memoryLimitInMB: 256,
      pid,
    });
    expect(executableOf(pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(childrenOf(pid)).toEqual([]);
    expect(listeningSocketsOf(pid)).toEqual([]);
    // With the wrapper, index.js never ran: no Node.js started at all.
    expect(await rie.host.output(becomes, 'stdout')).not.toContain(never);

    const failed = await rie.invoke({ mode: 'fail', message: 'no' });
    expect(failed.json).toEqual({ errorMessage: 'refused: no', errorType: 'refusal' });
    // The same process goes on.
    expect((await rie.invoke({ mode: 'echo' })).json).toMatchObject({ pid });
  });

  it('serves an http.Handler behind API Gateway', async () => {
    const { rie } = await underEmulator('lambda-http', { execWrapper });
    const event = { version: '2.0', rawPath: '/echo/rie', rawQueryString: '', headers: { host: 'h' }, requestContext: { http: { method: 'GET', path: '/echo/rie' } }, isBase64Encoded: false };
    const proxy = (await rie.invoke(event)).json as { statusCode: number; body: string };
    expect(proxy.statusCode).toBe(201);
    expect(JSON.parse(proxy.body)).toMatchObject({ method: 'GET', path: '/echo/rie' });
  });

  it('runs a program on the real aws-lambda-go', async () => {
    const { rie } = await underEmulator('lambda-go', { execWrapper });
    const answer = await rie.invoke({ name: 'Rie' });
    expect(answer.json).toMatchObject({ greeting: 'Hello, Rie!', pid: rie.runtimePid() });
  });
});

describe('exec-wrapper when the Go binary cannot start', () => {
  it("falls back on the Node.js runtime, whose loader fails every invocation with the cause's code and logs the cause", async () => {
    const { rie } = await underEmulator('lambda-typed', { execWrapper: true, breakIt: (dir) => fs.rmSync(path.join(dir, 'handler')) });
    for (let i = 0; i < 2; i++) {
      const failed = await rie.invoke({ mode: 'echo' });
      expect((failed.json as { errorMessage: string }).errorMessage).toBe('Internal Server Error: the function could not start [ENOENT]; its log says why.');
    }
    // The emulator writes the runtime's stdout and stderr to its own stdout.
    expect(rie.host.stdout + rie.host.stderr).toMatch(/the Go binary \S+handler does not exist/i);
    expect(rie.host.stdout + rie.host.stderr).toMatch(/go-handoff exec-wrapper: \S+handler is missing or not executable; starting the Node.js runtime instead/);
    expect(executableOf(rie.runtimePid()!)).toMatch(/node$/);
  });
});
