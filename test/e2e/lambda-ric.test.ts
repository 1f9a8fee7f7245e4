// The same function.zip under the real runtime of Lambda's Node.js images,
// aws-lambda-ric (on Node.js 22, installed by scripts/install-lambda-ric.mjs),
// against the Runtime API emulator. aws-lambda-ric loads index.<handler>
// with import(), as the managed nodejs22.x runtime does.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type HostProcess, stopAllHosts } from '../helpers/host-process';
import { startLambdaNodeRuntime } from '../helpers/hosts';
import { requireLambdaRic } from '../helpers/lambda-ric';
import { executableOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';
import { type InvocationResult, RuntimeApiEmulator } from '../hosts/lambda-runtime-api';

let api: RuntimeApiEmulator;
beforeEach(async () => {
  api = await RuntimeApiEmulator.start();
});
afterEach(async () => {
  await stopAllHosts();
  await api.close();
  removeUnpacked();
});

async function underRic(archive: 'lambda-typed' | 'lambda-http' | 'lambda-go'): Promise<{ host: HostProcess; dir: string }> {
  const ric = requireLambdaRic();
  const dir = await unpackArchive(archive);
  const host = startLambdaNodeRuntime(dir, api.address, { node: ric.node, script: [ric.client], env: { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' } });
  return { host, dir };
}

async function invoke(host: HostProcess, payload: unknown): Promise<InvocationResult> {
  const exited = host.exited.then((status) => {
    throw new Error(`aws-lambda-ric exited (${JSON.stringify(status)}) before answering:\n${host.stdout}\n${host.stderr}`);
  });
  return Promise.race([api.invoke(payload), exited]);
}

describe('under aws-lambda-ric, the runtime of Lambda\'s Node.js images', () => {
  it('hands over at init; the Go binary answers, errors go to the error endpoint', async () => {
    const { host, dir } = await underRic('lambda-typed');
    const answer = await invoke(host, { mode: 'echo', message: 'from ric' });
    expect(answer.outcome).toBe('response');
    const report = JSON.parse(answer.outcome === 'response' ? answer.body.toString() : '{}');
    expect(report).toMatchObject({ message: 'from ric', requestId: answer.requestId, pid: host.pid, functionName: 'go-handoff-test' });
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(host.stdout).toContain('(lambda, no sockets)');
    const failed = await invoke(host, { mode: 'fail', message: 'no' });
    expect(failed.outcome === 'error' && failed.report).toEqual({ errorMessage: 'refused: no', errorType: 'refusal' });
    expect(api.violations).toEqual([]);
  });

  it('serves an http.Handler behind API Gateway', async () => {
    const { host } = await underRic('lambda-http');
    const event = { version: '2.0', rawPath: '/echo/ric', rawQueryString: '', headers: { host: 'h' }, requestContext: { http: { method: 'GET', path: '/echo/ric' } }, isBase64Encoded: false };
    const answer = await invoke(host, event);
    const proxy = JSON.parse(answer.outcome === 'response' ? answer.body.toString() : '{}');
    expect(proxy.statusCode).toBe(201);
    expect(JSON.parse(proxy.body)).toMatchObject({ method: 'GET', path: '/echo/ric' });
  });

  it('runs a program on the real aws-lambda-go', async () => {
    const { host } = await underRic('lambda-go');
    const answer = await invoke(host, { name: 'Ric' });
    expect(answer.outcome === 'response' && JSON.parse(answer.body.toString())).toMatchObject({ greeting: 'Hello, Ric!', pid: host.pid });
  });
});
