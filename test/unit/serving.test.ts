import { describe, expect, it } from 'vitest';

import { servingDecision } from '../../src/loader/serving';

const node = '/usr/bin/node';
const ff = '/app/node_modules/@google-cloud/functions-framework/build/src/main.js';
const decide = (env: NodeJS.ProcessEnv, argv: string[] = [node, '/srv/main.js'], requiredInsideRequest = false) => servingDecision({ env, argv, requiredInsideRequest });

describe('servingDecision', () => {
  it("never hands over in Firebase's discovery, though it requires index.js inside its own request", () => {
    // firebase-tools' serveAdmin: bin/firebase-functions with FUNCTIONS_CONTROL_API and PORT.
    const discovery = decide({ FUNCTIONS_CONTROL_API: 'true', PORT: '8751', FUNCTIONS_EMULATOR: 'true' }, [node, '/p/functions/node_modules/.bin/firebase-functions', '/p/functions'], true);
    expect(discovery).toMatchObject({ serve: false, quiet: true, failure: { code: 'ERR_GO_HANDOFF_NOT_SERVING' } });
    expect(!discovery.serve && discovery.failure.message).toMatch(/Firebase's function discovery/);
    // The file-based discovery (FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH in firebase-tools).
    expect(decide({ FUNCTIONS_CONTROL_API: 'true', FUNCTIONS_MANIFEST_OUTPUT_PATH: '/tmp/x/functions.yaml' })).toMatchObject({ serve: false, quiet: true });
    expect(decide({ FUNCTIONS_MANIFEST_OUTPUT_PATH: '/tmp/x/functions.yaml' })).toMatchObject({ serve: false, quiet: true });
    // Discovery wins over everything that would otherwise say "serve".
    expect(decide({ FUNCTIONS_CONTROL_API: 'true', FUNCTION_TARGET: 'hello', GO_HANDOFF_SERVE: '1' }, [node, ff])).toMatchObject({ serve: false });
  });

  it("hands over in the Firebase emulator's process for one function", () => {
    // functionsEmulator.ts getRuntimeEnvs + startNode: FUNCTION_TARGET is the export's name, PORT a unix socket.
    const env = { FUNCTION_TARGET: 'hello', FUNCTION_SIGNATURE_TYPE: 'http', K_SERVICE: 'hello', FUNCTIONS_EMULATOR: 'true', PORT: '/tmp/fire_emu_1.sock' };
    expect(decide(env, [node, '/x/firebase-tools/lib/emulator/functionsEmulatorRuntime.js'])).toEqual({ serve: true });
  });

  it('refuses, loudly, the emulator process that serves every function (--inspect-functions)', () => {
    const decision = decide({ FUNCTIONS_EMULATOR: 'true', FUNCTION_DEBUG_MODE: 'true' }, [node, '--inspect', '/x/functionsEmulatorRuntime.js']);
    expect(decision).toMatchObject({ serve: false, quiet: false, failure: { code: 'ERR_GO_HANDOFF_SHARED_PROCESS' } });
    expect(!decision.serve && decision.failure.message).toMatch(/--inspect-functions/);
  });

  it('hands over on the hosts that serve', () => {
    expect(decide({ FUNCTION_TARGET: 'hello', K_SERVICE: 'hello', K_REVISION: 'hello-00001' })).toEqual({ serve: true }); // Cloud Run functions
    expect(decide({ K_SERVICE: 'svc' })).toEqual({ serve: true });
    expect(decide({}, [node, ff, '--target=hello'])).toEqual({ serve: true }); // functions-framework by hand
    expect(decide({}, [node, '/app/node_modules/.bin/functions-framework'])).toEqual({ serve: true }); // its default target
    expect(decide({}, [node, '/app/server.js', '--target', 'hello'])).toEqual({ serve: true });
    expect(decide({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' }, [node, '/var/runtime/index.mjs'])).toEqual({ serve: true });
    expect(decide({}, [node, '/srv/lazy-host.cjs', '/fn', '8080'], true)).toEqual({ serve: true }); // a lazy-loading worker
  });

  it('stays quiet in a test, a script or a REPL that requires index.js', () => {
    for (const argv of [
      [node, '/p/functions/node_modules/mocha/bin/mocha.js', 'test/index.test.js'],
      [node, '/p/node_modules/jest-worker/build/workers/processChild.js'],
      [node, '/p/functions/check.js'],
      [node],
    ]) {
      const decision = decide({ NODE_ENV: 'test' }, argv);
      expect(decision).toMatchObject({ serve: false, quiet: true, failure: { code: 'ERR_GO_HANDOFF_NOT_SERVING' } });
      expect(!decision.serve && decision.failure.message).toMatch(/GO_HANDOFF_SERVE=1/);
    }
  });

  it('lets GO_HANDOFF_SERVE decide for a host go-handoff does not know', () => {
    expect(decide({ GO_HANDOFF_SERVE: '1' }, [node, '/srv/my-host.js'])).toEqual({ serve: true });
    expect(decide({ GO_HANDOFF_SERVE: '0', FUNCTION_TARGET: 'hello' }, [node, ff])).toMatchObject({ serve: false, quiet: true });
  });
});
