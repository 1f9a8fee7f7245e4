import { describe, expect, it } from 'vitest';

import { errorDetail } from '../../src/loader/error-detail';
import { failureError, failureFromExecError, failureResponseBody } from '../../src/loader/failure';

describe('failureFromExecError', () => {
  const error = (code: string) => Object.assign(new Error(`${code}: something, execve '/fn/handler'`), { code });

  it.each([
    ['EACCES', /noexec/],
    ['E2BIG', /environment variables/],
    ['ENOEXEC', /rebuild function\.zip/],
    ['ETXTBSY', /open for writing/],
  ])('says what to do about %s', (code, advice) => {
    const failure = failureFromExecError(error(code), '/fn/handler');
    expect(failure.code).toBe(code);
    expect(failure.message).toContain("execve '/fn/handler'");
    expect(failure.message).toMatch(advice);
  });

  it('points unknown errors at the issue tracker, and the 500 body carries code and message', () => {
    const failure = failureFromExecError(error('EWHATEVER'), '/fn/handler');
    expect(failure.message).toMatch(/report this/);
    expect(failureResponseBody(failure, 'detailed')).toBe(`go-handoff could not start the Go function [EWHATEVER].\n\n${failure.message}\n`);
  });
});

describe('what a failure tells the client', () => {
  const failure = { code: 'ENOENT', message: 'The Go binary /workspace/handler does not exist (GO_HANDOFF_BINARY=/srv/x, Node.js v22.1.0, Node-API 9).' };

  it('in production: a plain message and the code, no path, version or setting', () => {
    const body = failureResponseBody(failure, 'plain');
    expect(body).toBe('Internal Server Error: the function could not start [ENOENT]; its log says why.\n');
    const thrown = failureError(failure, 'plain');
    expect(thrown.message).toBe(body.trimEnd());
    for (const said of [body, thrown.message, thrown.stack ?? '']) {
      for (const secret of ['/workspace', 'GO_HANDOFF_BINARY', 'v22', 'Node-API', 'index.js', '/srv']) expect(said).not.toContain(secret);
    }
  });

  it('in development: the whole story', () => {
    expect(failureResponseBody(failure, 'detailed')).toContain('/workspace/handler does not exist');
    expect(failureError(failure, 'detailed').message).toContain('GO_HANDOFF_BINARY=/srv/x');
  });
});

describe('errorDetail', () => {
  it.each([
    ['nothing set (functions-framework by hand, the Firebase emulator)', {}, 'detailed'],
    ['NODE_ENV=production (Cloud Functions and Firebase, set by the buildpacks)', { NODE_ENV: 'production' }, 'plain'],
    ['NODE_ENV=development', { NODE_ENV: 'development' }, 'detailed'],
    ["NODE_ENV=test (vitest's)", { NODE_ENV: 'test' }, 'detailed'],
    ['a Lambda runtime, which sets no NODE_ENV', { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' }, 'plain'],
    ['GO_HANDOFF_ERRORS=detailed over production', { NODE_ENV: 'production', GO_HANDOFF_ERRORS: 'detailed' }, 'detailed'],
    ['GO_HANDOFF_ERRORS=detailed on Lambda', { AWS_LAMBDA_RUNTIME_API: 'x', GO_HANDOFF_ERRORS: ' Detailed ' }, 'detailed'],
    ['GO_HANDOFF_ERRORS=plain over development', { GO_HANDOFF_ERRORS: 'plain' }, 'plain'],
    ['a value it does not know: the side that reveals nothing', { GO_HANDOFF_ERRORS: 'verbose' }, 'plain'],
  ])('%s: %s', (_name, env, want) => {
    expect(errorDetail(env)).toBe(want);
  });
});
