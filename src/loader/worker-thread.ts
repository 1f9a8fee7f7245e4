// Whether the loader may hand over from the thread it was loaded in. Pure:
// takes what the loader observed.
//
// execve(2) from any thread replaces the whole process, every thread with
// it, and keeps the PID. So a hand-over from a worker thread ends the main
// thread and every other worker, whatever they were doing: in general that
// loses their work, and the loader refuses. One host loads the loader only
// in workers, in a way that makes the exec safe: Lambda Managed Instances.
//
// There (AWS_LAMBDA_MAX_CONCURRENCY set), aws-lambda-ric 4 (the runtime of
// Lambda's Node.js 22+ images; its index.mjs, `ignition` and
// `WorkerManager`) starts worker threads from its main thread, which then
// only waits for them to exit and never talks to the Runtime API. Each worker
// runs `createRuntime`: it makes its Runtime API client (which connects to
// nothing yet), loads the handler module (`UserFunctionLoader.load`: an
// import() of index.js, which runs this loader), and only once that load has
// returned does `Runtime.start` make the worker's first GET /next. So a
// worker asks for an invocation only after its own load of index.js, and
// with it this loader's exec attempt, is over.
//
// Every worker's load tries the exec, in the addon, once per process
// (ExecOptions::once_per_process in native/exec_with_fds.h): a worker that
// comes second waits inside the addon while the first one execs, and the
// exec ends it there. So when the exec happens, no worker can have
// returned from its load, none has asked for an invocation, and none can
// hold one: no invocation is lost or left hanging. If the first attempt
// fails, that worker goes on as Node.js, answering every invocation with
// the failure, and every later attempt returns that failure without trying:
// an exec then would end that worker in the middle of an invocation.
// (test/e2e/lambda-managed-instances.test.ts watches the Runtime API to
// show that no Node.js worker ever asks it for an invocation.)
import type { HandoffFailure } from './failure';

export interface ThreadFacts {
  /** worker_threads.isMainThread (true before Node.js 11.7, which has no workers without a flag). */
  mainThread: boolean;
  env: NodeJS.ProcessEnv;
}

export type ThreadDecision =
  /** Hand over as usual: the main thread. */
  | { handOver: true; oncePerProcess: false }
  /** Hand over from this worker, once per process: Lambda Managed Instances. */
  | { handOver: true; oncePerProcess: true }
  | { handOver: false; failure: HandoffFailure };

/** Set by Lambda on Managed Instances: how many invocations one process serves at once. */
export const LAMBDA_MAX_CONCURRENCY = 'AWS_LAMBDA_MAX_CONCURRENCY';

export function threadDecision({ mainThread, env }: ThreadFacts): ThreadDecision {
  if (mainThread) return { handOver: true, oncePerProcess: false };
  if (env.AWS_LAMBDA_RUNTIME_API && env[LAMBDA_MAX_CONCURRENCY] !== undefined) return { handOver: true, oncePerProcess: true };
  return {
    handOver: false,
    failure: {
      code: 'ERR_GO_HANDOFF_WORKER_THREAD',
      message:
        "index.js was loaded in a worker thread. Load it from the main thread: exec ends every thread, and whatever the other threads were doing would be lost. (Lambda Managed Instances' runtime, which loads it in its workers before any of them asks for an invocation, is the one host where this works.)",
    },
  };
}
