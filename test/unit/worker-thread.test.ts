import { describe, expect, it } from 'vitest';

import { threadDecision } from '../../src/loader/worker-thread';

const LAMBDA = { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' };

describe('threadDecision', () => {
  it('hands over from the main thread as usual, on every host', () => {
    expect(threadDecision({ mainThread: true, env: {} })).toEqual({ handOver: true, oncePerProcess: false });
    expect(threadDecision({ mainThread: true, env: { ...LAMBDA, AWS_LAMBDA_MAX_CONCURRENCY: '8' } })).toEqual({ handOver: true, oncePerProcess: false });
  });

  it("hands over from a worker, once per process, on Lambda Managed Instances (aws-lambda-ric's workers)", () => {
    expect(threadDecision({ mainThread: false, env: { ...LAMBDA, AWS_LAMBDA_MAX_CONCURRENCY: '8' } })).toEqual({ handOver: true, oncePerProcess: true });
    expect(threadDecision({ mainThread: false, env: { ...LAMBDA, AWS_LAMBDA_MAX_CONCURRENCY: '' } })).toMatchObject({ oncePerProcess: true });
  });

  it('refuses in any other worker: on Lambda without Managed Instances, and off Lambda', () => {
    for (const env of [LAMBDA, { AWS_LAMBDA_MAX_CONCURRENCY: '8' }, { FUNCTION_TARGET: 'hello' }]) {
      const decision = threadDecision({ mainThread: false, env });
      expect(decision.handOver).toBe(false);
      if (!decision.handOver) expect(decision.failure.code).toBe('ERR_GO_HANDOFF_WORKER_THREAD');
    }
  });
});
