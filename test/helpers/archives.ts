// The archives the end-to-end tests run, built by global-setup.ts.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Archive name -> function folder (relative to the repository). */
export const ARCHIVES = {
  /** The template function users edit: what plain `make` builds. */
  hello: 'go/function',
  /** test/fixtures/probe: paths that print, sleep, report the pid. */
  probe: 'test/fixtures/probe',
  /** test/fixtures/logging: every way to write a log line. */
  logging: 'test/fixtures/logging',
  /** test/fixtures/state: a counter in a package variable. */
  state: 'test/fixtures/state',
  /** test/fixtures/churn: 150 MiB live, 800 MiB written and dropped per request, for Go's memory limit. */
  churn: 'test/fixtures/churn',
  /** The examples, one per contract. */
  'example-http': 'go/examples/http',
  'example-json': 'go/examples/json',
  'example-bytes': 'go/examples/bytes',
  'example-event': 'go/examples/event',
  /** Functions for the Lambda tests: typed, net/http, one refused at start, and one on the real aws-lambda-go. */
  'lambda-typed': 'test/fixtures/lambda-typed',
  'lambda-http': 'test/fixtures/lambda-http',
  'lambda-init-error': 'test/fixtures/lambda-init-error',
  'lambda-go': 'test/fixtures/lambda-go',
  /** Lambda Managed Instances: invocations that sleep, panic, and say what their context held and when they ran. */
  'lambda-lmi': 'test/fixtures/lambda-lmi',
  /** Functions that stream their answers: a net/http one on go-handoff, and one on aws-lambda-go's own lambdaurl. */
  'lambda-stream': 'test/fixtures/lambda-stream',
  'lambda-go-stream': 'test/fixtures/lambda-go-stream',
  /** The eawsy shim's hello world, Lambda code from before aws-lambda-go. */
  'eawsy-hello': 'test/fixtures/seeds/001-eawsy-hello',
  /** The conformance suite's event functions, written with go-handoff's API: the CloudEvent view and the legacy view. */
  'conformance-cloudevent': 'test/fixtures/conformance/handoff/cloudevent',
  'conformance-legacyevent': 'test/fixtures/conformance/handoff/legacyevent',
  /** The same, written with functions-framework-go's API: registered in init, and a background function (one archive, --target picks). */
  'conformance-ffgo': 'test/fixtures/conformance/functions-framework-go/functions',
  /** First-generation Cloud Functions in the shape of Google's functions/helloworld: several exported functions, no main. */
  'first-generation': 'test/fixtures/first-generation',
  /** functions-framework-go, unchanged: functions registered in init (no main), and a main that calls funcframework.Start. */
  'ffgo-functions': 'test/fixtures/ffgo-functions',
  'ffgo-main': 'test/fixtures/ffgo-main',
} as const;

export type ArchiveName = keyof typeof ARCHIVES;

/** go/function packaged for linux/arm64. */
export const ARM64_ARCHIVE = 'hello-arm64';

export function archivePath(name: string): string {
  return path.join(repoRoot, '.cache', 'test-archives', `${name}.zip`);
}
