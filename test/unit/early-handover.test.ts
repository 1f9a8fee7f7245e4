import { describe, expect, it } from 'vitest';

import { decideEarlyHandover, type PreloadFacts } from '../../src/loader/early-handover';
import { goEnvironment } from '../../src/loader/host';

const FRAMEWORK = '/workspace/node_modules/@google-cloud/functions-framework/build/src/main.js';
const LOADER = '/workspace/index.js';

function facts(overrides: Partial<PreloadFacts>): PreloadFacts {
  return { preloaded: true, mainScript: FRAMEWORK, isMainThread: true, argv: ['/usr/bin/node', FRAMEWORK, '--target=fn'], env: {}, loader: LOADER, hostModule: LOADER, ...overrides };
}

describe('decideEarlyHandover', () => {
  it("serves in functions-framework's entry script, on the port it would have listened on", () => {
    expect(decideEarlyHandover(facts({}))).toEqual({ kind: 'serve', port: '8080' });
    expect(decideEarlyHandover(facts({ env: { PORT: '9000' } }))).toEqual({ kind: 'serve', port: '9000' });
    expect(decideEarlyHandover(facts({ env: { PORT: '9000' }, argv: ['node', FRAMEWORK, '--port', '9100'] }))).toEqual({ kind: 'serve', port: '9100' });
    expect(decideEarlyHandover(facts({ argv: ['node', FRAMEWORK, '--port=9200'] }))).toEqual({ kind: 'serve', port: '9200' });
    // Wherever the package is installed (the buildpack's own layer, a global install).
    expect(decideEarlyHandover(facts({ mainScript: '/layers/google.nodejs.functions-framework/functions-framework/node_modules/@google-cloud/functions-framework/build/src/main.js' })).kind).toBe('serve');
  });

  it('leaves the usual hand-over to a loader the host required as its function', () => {
    expect(decideEarlyHandover(facts({ preloaded: false }))).toEqual({ kind: 'not-preloaded' });
    expect(decideEarlyHandover(facts({ preloaded: false, mainScript: '/usr/lib/node_modules/npm/bin/npm-cli.js' }))).toEqual({ kind: 'not-preloaded' });
  });

  it('stands aside in every other node process that inherits NODE_OPTIONS', () => {
    for (const mainScript of [
      '/usr/lib/node_modules/npm/bin/npm-cli.js',
      '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
      '/work/app/node_modules/vitest/vitest.mjs',
      '/work/app/node_modules/vitest/dist/workers/forks.js',
      '/work/app/node_modules/esbuild/bin/esbuild',
      '/workspace/build.js',
      // functions-framework's library entry, required by someone's own script, does not serve by itself.
      '/workspace/node_modules/@google-cloud/functions-framework/build/src/index.js',
    ]) {
      const decision = decideEarlyHandover(facts({ mainScript, argv: ['node', mainScript] }));
      expect(decision.kind, mainScript).toBe('stand-aside');
    }
    expect(decideEarlyHandover(facts({ mainScript: undefined, argv: ['node'] }))).toEqual({ kind: 'stand-aside', reason: 'no main script (node -e, a REPL)' });
  });

  it('stands aside in a codebase, where functions-framework loads a module of its own that requires index.js', () => {
    // functions/index.js exports JavaScript functions beside the Go ones: the target decides at listen (codebase.ts).
    const decision = decideEarlyHandover(facts({ loader: '/workspace/go-handoff/index.js', hostModule: '/workspace/index.js' }));
    expect(decision).toMatchObject({ kind: 'stand-aside', reason: expect.stringContaining('loads /workspace/index.js as the function, not index.js') });
    // A source that resolves to nothing: functions-framework fails by itself, as it did before.
    expect(decideEarlyHandover(facts({ hostModule: undefined })).kind).toBe('serve');
  });

  it('stands aside in a worker thread, on Lambda, for --help and for a port functions-framework would refuse', () => {
    expect(decideEarlyHandover(facts({ isMainThread: false })).kind).toBe('stand-aside');
    expect(decideEarlyHandover(facts({ env: { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' } })).kind).toBe('stand-aside');
    expect(decideEarlyHandover(facts({ argv: ['node', FRAMEWORK, '--help'] })).kind).toBe('stand-aside');
    expect(decideEarlyHandover(facts({ argv: ['node', FRAMEWORK, '-h'] })).kind).toBe('stand-aside');
    expect(decideEarlyHandover(facts({ env: { PORT: 'eighty' } }))).toMatchObject({ kind: 'stand-aside', reason: expect.stringContaining('"eighty"') });
  });
});

describe('goEnvironment, early', () => {
  it("gives Go functions-framework's --port as PORT, and still the target flags", () => {
    const env = goEnvironment({ PORT: '8080' }, 'early', ['node', FRAMEWORK, '--port=9300', '--target', 'hello', '--signature-type=cloudevent']);
    expect(env).toMatchObject({ PORT: '9300', GO_HANDOFF_HOST: 'early', GO_HANDOFF_TARGET: 'hello', GO_HANDOFF_SIGNATURE_TYPE: 'cloudevent' });
    expect(goEnvironment({ PORT: '8080' }, 'early', ['node', FRAMEWORK]).PORT).toBe('8080');
    // The usual hand-over passes the host's own socket: PORT stays as it was.
    expect(goEnvironment({ PORT: '8080' }, 'functions-framework', ['node', FRAMEWORK, '--port=9300']).PORT).toBe('8080');
  });
});
