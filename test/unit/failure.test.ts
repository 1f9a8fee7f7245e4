import { describe, expect, it } from 'vitest';

import { failureFromExecError, failureResponseBody } from '../../src/loader/failure';

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
    expect(failureResponseBody(failure)).toBe(`go-handoff could not start the Go function [EWHATEVER].\n\n${failure.message}\n`);
  });
});
