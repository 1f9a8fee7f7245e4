import { describe, expect, it } from 'vitest';

import { detectHost, flagValue, goEnvironment } from '../../src/loader/host';

describe('detectHost', () => {
  it('follows the hosts table in docs/architecture.md', () => {
    expect(detectHost({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' }, false)).toBe('lambda');
    expect(detectHost({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' }, true)).toBe('lambda');
    expect(detectHost({}, true)).toBe('lazy');
    expect(detectHost({}, false)).toBe('functions-framework');
  });
});

describe('goEnvironment', () => {
  it('passes the environment on, says which host, and turns functions-framework flags into variables', () => {
    const env = goEnvironment({ PATH: '/bin', UNSET: undefined }, 'functions-framework', ['node', 'main.js', '--target=hello', '--signature-type', 'http']);
    expect(env).toEqual({ PATH: '/bin', GO_HANDOFF_HOST: 'functions-framework', GO_HANDOFF_TARGET: 'hello', GO_HANDOFF_SIGNATURE_TYPE: 'http' });
  });

  it("leaves the platform's own variables as they are", () => {
    const env = goEnvironment({ FUNCTION_TARGET: 'fromPlatform' }, 'functions-framework', ['--target=fromFlag']);
    expect(env.FUNCTION_TARGET).toBe('fromPlatform');
    expect(env.GO_HANDOFF_TARGET).toBe('fromFlag');
    expect(goEnvironment({}, 'functions-framework', ['--target=x']).FUNCTION_TARGET).toBeUndefined();
  });
});

describe('flagValue', () => {
  it('reads both --name=value and --name value, as minimist does', () => {
    expect(flagValue(['--target=a'], 'target')).toBe('a');
    expect(flagValue(['--target', 'b'], 'target')).toBe('b');
    expect(flagValue(['--target', '--port=1'], 'target')).toBeUndefined();
    expect(flagValue(['--targets=c'], 'target')).toBeUndefined();
  });
});
