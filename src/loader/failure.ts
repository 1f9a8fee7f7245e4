// What the loader does when the hand-over cannot happen: the host stays up,
// the cause is logged once on stderr, and every request gets a 500 with its
// code, and in development its whole story (error-detail.ts).
import * as fs from 'node:fs';

import type { ErrorDetail } from './error-detail';
import type { ExecutableProblem } from './executable';

export interface HandoffFailure {
  /** errno name (ENOENT, ENOEXEC, ...) or ERR_GO_HANDOFF_* for our own checks. */
  code: string;
  /** One paragraph: what was tried, why it failed, what to do. */
  message: string;
}

export function failureFromProblem(problem: ExecutableProblem): HandoffFailure {
  return { code: problem.code, message: `${capitalize(problem.reason)}. ${problem.remedy}` };
}

/** Advice for the errors execve(2) and the descriptor moves before it can give. */
const EXEC_ADVICE: Record<string, string> = {
  ENOENT: 'The file, or the interpreter or dynamic loader it names, does not exist: build the binary statically (CGO_ENABLED=0, as `make` does) and redeploy function.zip.',
  EACCES: 'The file is executable, so the file system holding it must be mounted noexec: deploy to a host that allows executing files from the function folder, or set GO_HANDOFF_BINARY to a copy on an executable file system.',
  EPERM: 'The host forbids executing it (a security policy such as seccomp or an LSM).',
  ENOEXEC: 'The kernel does not recognise it as a program for this machine: rebuild function.zip for this host with `make`.',
  E2BIG: 'The environment and arguments are larger than execve(2) accepts: remove large environment variables from the function configuration.',
  ETXTBSY: 'Another process has it open for writing: wait for the upload or build to finish.',
  ENOMEM: 'The host is out of memory: raise the function memory limit.',
  EMFILE: 'The process is out of file descriptors: raise the limit (ulimit -n).',
  ENFILE: 'The system is out of file descriptors.',
};

export function failureFromExecError(error: NodeJS.ErrnoException, binary: string): HandoffFailure {
  const code = error.code ?? 'UNKNOWN';
  const advice = EXEC_ADVICE[code] ?? 'Please report this with the message above: https://github.com/go-handoff/go-handoff/issues';
  return { code, message: `Could not exec the Go binary ${binary}: ${error.message}. ${advice}` };
}

export function failureFromError(code: string, error: unknown): HandoffFailure {
  const text = error instanceof Error ? error.message : String(error);
  return { code, message: capitalize(text.replace(/\.?$/, '.')) };
}

let recorded: HandoffFailure | undefined;

/** Keeps the first failure and writes it to stderr, synchronously, once. */
export function recordFailure(failure: HandoffFailure): void {
  if (recorded) return;
  recorded = failure;
  try {
    fs.writeSync(2, `go-handoff: the Go function cannot start, every request will get HTTP 500: [${failure.code}] ${failure.message}\n`);
  } catch {
    // stderr closed: the 500 answers still say it
  }
}

export function currentFailure(): HandoffFailure | undefined {
  return recorded;
}

/** The body of the 500 answer: the code, and in development the message too. */
export function failureResponseBody(failure: HandoffFailure, detail: ErrorDetail): string {
  if (detail === 'plain') return `${plainMessage(failure)}\n`;
  return `go-handoff could not start the Go function [${failure.code}].\n\n${failure.message}\n`;
}

/**
 * What a host that calls the function with an event (no response to write)
 * reports to its caller: Lambda's invoker gets the message and the stack,
 * which in production say only the code.
 */
export function failureError(failure: HandoffFailure, detail: ErrorDetail): Error {
  const error = new Error(detail === 'plain' ? plainMessage(failure) : failureResponseBody(failure, detail));
  if (detail === 'plain') error.stack = `Error: ${error.message}`; // not the loader's path
  return error;
}

function plainMessage(failure: HandoffFailure): string {
  return `Internal Server Error: the function could not start [${failure.code}]; its log says why.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
