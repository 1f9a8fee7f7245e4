// A function the build cannot serve fails the build with a message naming
// the file, the function and the rule it breaks.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { repoRoot } from '../helpers/archives';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-rules-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function buildFails(name: string, source: string): string {
  const folder = path.join(scratch, name);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'handler.go'), source);
  try {
    execFileSync(process.execPath, ['dist/cli.js', 'package', folder, '--output', path.join(scratch, `${name}.zip`)], { cwd: repoRoot, stdio: 'pipe' });
  } catch (error) {
    return String((error as { stderr: Buffer }).stderr);
  }
  throw new Error(`${name}: the build succeeded`);
}

describe('the build refuses', () => {
  it.each([
    [
      'a handler taking the request by value',
      'package function\n\nimport "net/http"\n\nfunc Handle(w http.ResponseWriter, r http.Request) {}\n',
      'handler.go:5:1: func Handle(w http.ResponseWriter, r http.Request): it takes http.Request by value; a net/http handler takes *http.Request',
    ],
    [
      'a typed function with three arguments',
      'package function\n\nimport "context"\n\nfunc Handle(ctx context.Context, a string, b string) (string, error) { return a + b, nil }\n',
      'handler.go:5:1: func Handle(ctx context.Context, a string, b string) (string, error): it takes 3 arguments; a function takes at most two',
    ],
    [
      'a second result that is not an error',
      'package main\n\nfunc Handle(in string) (string, string) { return in, in }\n',
      'handler.go:3:1: func Handle(in string) (string, string): it returns (string, string); with two results, the second must be error',
    ],
    [
      'a package with nothing to serve',
      'package function\n\nfunc Helper() {}\n',
      'package function (handler.go) has no func main, no func Handle and no other function to serve (its exported functions, Helper, have no shape go-handoff serves: a net/http handler, or a function that takes a context.Context); write func Handle(w http.ResponseWriter, r *http.Request), a background function func Handle(ctx context.Context, e T) error, another shape go-handoff serves, or a main that calls handoff.Start; to serve a function of another name, give it with --target (make: TARGET=)',
    ],
    [
      'C code, which a static binary cannot link',
      'package main\n\n// #include <stdlib.h>\nimport "C"\n\nfunc Handle() { C.free(nil) }\n',
      'handler.go:6:17: uses cgo (C.free)',
    ],
    [
      "a functions-framework-go typed function whose last result is not an error",
      'package function\n\nimport "github.com/GoogleCloudPlatform/functions-framework-go/functions"\n\nfunc init() { functions.Typed("Greeting", greet) }\n\nfunc greet(name string) string { return "Hello " + name }\n',
      'handler.go:5:43: functions.Typed("Greeting", ...), with func greet(name string) string: functions-framework-go\'s typed functions take one argument (the request\'s JSON body, decoded; no context.Context) and return at most two values, the last an error; this one\'s last result is string',
    ],
    [
      'a functions-framework-go name registered twice',
      'package function\n\nimport (\n\t"net/http"\n\n\t"github.com/GoogleCloudPlatform/functions-framework-go/functions"\n)\n\nfunc init() {\n\tfunctions.HTTP("Hello", hello)\n\tfunctions.HTTP("Hello", hello)\n}\n\nfunc hello(w http.ResponseWriter, r *http.Request) {}\n',
      'handler.go:11:2: functions.HTTP("Hello", ...): the name "Hello" is already registered at handler.go:10:2',
    ],
  ])('%s', (_name, source, message) => {
    expect(buildFails(_name.replace(/\W+/g, '-'), source)).toContain(message);
  });
});
