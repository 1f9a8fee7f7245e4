import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { deploymentOf, hostModuleOf, lambdaHandlerModule, type ModuleFiles } from '../../src/loader/deployment';

/** A file system holding `files`; a folder resolves to its index.js, as require.resolve does without a package.json main. */
function filesOf(...files: string[]): ModuleFiles {
  const all = new Set(files);
  const resolveFile = (file: string) => [file, `${file}.js`, path.join(file, 'index.js')].find((f) => all.has(f));
  return {
    exists: (file) => all.has(file) || files.some((f) => f.startsWith(`${file}/`)),
    resolve(request, paths) {
      if (path.isAbsolute(request)) return resolveFile(request);
      for (const dir of paths ?? []) {
        const found = resolveFile(path.join(dir, 'node_modules', request));
        if (found) return found;
      }
      return undefined;
    },
  };
}

const node = '/usr/bin/node';
const ff = '/srv/node_modules/@google-cloud/functions-framework/build/src/main.js';

describe('deploymentOf', () => {
  const loader = '/app/functions/go-handoff/index.js';

  it('is an archive when the host loads index.js as the function', () => {
    expect(deploymentOf({ loader: '/workspace/index.js', hostModule: '/workspace/index.js', requiredBy: '/srv/node_modules/@google-cloud/functions-framework/build/src/loader.js', mainScript: ff })).toEqual({ kind: 'archive' });
    // Lambda's _HANDLER names the loader in its folder of a codebase: go-handoff/index.handler.
    expect(deploymentOf({ loader, hostModule: loader, requiredBy: undefined, mainScript: '/var/runtime/index.mjs' })).toEqual({ kind: 'archive' });
  });

  it('is a codebase when the host loads a module of its own, whoever required index.js', () => {
    for (const requiredBy of ['/app/functions/index.js', undefined, '/app/functions/lib/go.js']) {
      const deployment = deploymentOf({ loader, hostModule: '/app/functions/index.js', requiredBy, mainScript: '/x/firebase-tools/lib/emulator/functionsEmulatorRuntime.js' });
      expect(deployment).toEqual({ kind: 'codebase', hostModule: '/app/functions/index.js', reason: 'the host loads /app/functions/index.js as the function, which is not index.js' });
    }
  });

  it('asks who required index.js when the host does not say which module it loads', () => {
    // A lazy-loading worker requires index.js from its own script, or from a package in node_modules.
    expect(deploymentOf({ loader, hostModule: undefined, requiredBy: '/srv/lazy-host.cjs', mainScript: '/srv/lazy-host.cjs' })).toEqual({ kind: 'archive' });
    expect(deploymentOf({ loader, hostModule: undefined, requiredBy: '/srv/node_modules/some-host/worker.js', mainScript: '/srv/host.js' })).toEqual({ kind: 'archive' });
    // import() and --require leave no parent module.
    expect(deploymentOf({ loader, hostModule: undefined, requiredBy: undefined, mainScript: '/srv/host.js' })).toEqual({ kind: 'archive' });
    // The deployment's own module required it: a codebase, never the only-function rule.
    expect(deploymentOf({ loader, hostModule: undefined, requiredBy: '/app/functions/index.js', mainScript: '/srv/lazy-host.cjs' })).toMatchObject({ kind: 'codebase', hostModule: undefined, reason: '/app/functions/index.js required index.js' });
  });
});

describe('hostModuleOf', () => {
  const files = filesOf('/workspace/index.js', '/app/functions/index.js', '/app/functions/go-handoff/index.js', '/legacy/function.js');

  it("reads functions-framework's --source, FUNCTION_SOURCE, else its working folder, as functions-framework resolves them", () => {
    expect(hostModuleOf({}, [node, ff, '--target=hello'], '/workspace', false, files)).toBe('/workspace/index.js');
    expect(hostModuleOf({}, [node, ff, '--source=/app/functions'], '/', false, files)).toBe('/app/functions/index.js');
    expect(hostModuleOf({}, [node, ff, '--source', 'functions'], '/app', false, files)).toBe('/app/functions/index.js');
    expect(hostModuleOf({ FUNCTION_SOURCE: '/app/functions' }, [node, ff], '/', false, files)).toBe('/app/functions/index.js');
    expect(hostModuleOf({ FUNCTION_SOURCE: '/workspace' }, [node, ff, '--source=/app/functions'], '/', false, files)).toBe('/app/functions/index.js');
    // Its fallback: function.js in the folder.
    expect(hostModuleOf({}, [node, ff], '/legacy', false, files)).toBe('/legacy/function.js');
    // A folder with no module: functions-framework fails by itself.
    expect(hostModuleOf({}, [node, ff], '/empty', false, files)).toBeUndefined();
  });

  it("reads Cloud Functions' launch (FUNCTION_TARGET, no flags) and the Firebase emulator's working folder the same way", () => {
    expect(hostModuleOf({ FUNCTION_TARGET: 'hello', K_SERVICE: 'hello' }, [node, '/layers/ff/bin/functions-framework'], '/workspace', false, files)).toBe('/workspace/index.js');
    const emulator = { FUNCTIONS_EMULATOR: 'true', FUNCTION_TARGET: 'orders.create', FUNCTION_SIGNATURE_TYPE: 'http' };
    expect(hostModuleOf(emulator, [node, '/x/firebase-tools/lib/emulator/functionsEmulatorRuntime.js'], '/app/functions', false, files)).toBe('/app/functions/index.js');
  });

  it("reads Lambda's _HANDLER, and nothing for a host that does not say", () => {
    const lambda = { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001', LAMBDA_TASK_ROOT: '/app/functions' };
    expect(hostModuleOf({ ...lambda, _HANDLER: 'go-handoff/index.handler' }, [node, '/var/runtime/index.mjs'], '/', false, files)).toBe('/app/functions/go-handoff/index.js');
    expect(hostModuleOf(lambda, [node, '/var/runtime/index.mjs'], '/', false, files)).toBeUndefined();
    expect(hostModuleOf({}, [node, '/srv/lazy-host.cjs', '/fn', '8080'], '/', true, files)).toBeUndefined();
    expect(hostModuleOf({ FUNCTION_TARGET: 'hello' }, [node, '/srv/lazy-host.cjs'], '/workspace', true, files)).toBeUndefined();
    expect(hostModuleOf({ GO_HANDOFF_SERVE: '1' }, [node, '/srv/my-host.js'], '/workspace', false, files)).toBeUndefined();
  });
});

describe('lambdaHandlerModule', () => {
  it('finds the module as aws-lambda-ric does: the name as is, with .js, .mjs or .cjs, then a package', () => {
    const files = filesOf('/var/task/index.js', '/var/task/app.mjs', '/var/task/go-handoff/index.js', '/var/task/lib/handlers.cjs', '/var/task/node_modules/shared/index.js');
    expect(lambdaHandlerModule('index.handler', '/var/task', files)).toBe('/var/task/index.js');
    expect(lambdaHandlerModule('app.handler', '/var/task', files)).toBe('/var/task/app.mjs');
    expect(lambdaHandlerModule('go-handoff/index.handler', '/var/task', files)).toBe('/var/task/go-handoff/index.js');
    expect(lambdaHandlerModule('lib/handlers.orders.create', '/var/task', files)).toBe('/var/task/lib/handlers.cjs');
    expect(lambdaHandlerModule('shared.handler', '/var/task', files)).toBe('/var/task/node_modules/shared/index.js');
    expect(lambdaHandlerModule('missing.handler', '/var/task', files)).toBeUndefined();
    expect(lambdaHandlerModule('nohandler', '/var/task', files)).toBeUndefined();
  });
});
