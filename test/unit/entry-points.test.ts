// The pure helpers of entry points: how the build reports what it offers,
// and the host's command line for a target and a signature type.
import { describe, expect, it } from 'vitest';

import { planLines } from '../../src/compile/plan-text';
import { archivePackageJson } from '../../src/package/archive-manifest';
import type { ArchiveManifest, PlanFunction } from '../../src/schema';
import { functionsFrameworkFlags } from '../../src/serve/functions-framework';

describe('planLines', () => {
  const plan = { package: './go-handoff-main', module: 'example.com/f' };
  it('names the one function a package offers, as before', () => {
    expect(planLines({ ...plan, contract: 'http', function: 'Handle', functions: [{ name: 'Handle', contract: 'http' }] })).toEqual([
      'serving func Handle (contract: net/http), with a main the build wrote',
    ]);
  });
  it('lists every function, and the default when there is one', () => {
    const functions: PlanFunction[] = [
      { name: 'Handle', contract: 'typed' },
      { name: 'HelloPubSub', contract: 'background' },
      { name: 'Mux', contract: '' },
    ];
    expect(planLines({ ...plan, contract: 'typed', function: 'Handle', functions, notes: ['n'] })).toEqual([
      "offering 3 functions, with a main the build wrote: Handle (typed JSON), HelloPubSub (background event), Mux (checked when it starts); the host's target picks one; with none, Handle",
      'note: n',
    ]);
    expect(planLines({ ...plan, contract: 'target', function: '', functions: functions.slice(1) })[0]).toBe(
      'offering 2 functions, with a main the build wrote: HelloPubSub (background event), Mux (checked when it starts); the host picks one with --target or FUNCTION_TARGET (there is no Handle to serve without one)',
    );
  });
  it("says when the package's own main decides", () => {
    expect(planLines({ ...plan, contract: 'main', function: 'main' })).toEqual(['serving its own main (contract: checked when it starts)']);
  });
});

describe('functionsFrameworkFlags', () => {
  it('passes --target and --signature-type only when given', () => {
    expect(functionsFrameworkFlags({ source: '/s', port: 8 })).toEqual(['--source=/s', '--port=8']);
    expect(functionsFrameworkFlags({ source: '/s', port: 8, target: 'HelloHTTP', signatureType: 'event' })).toEqual([
      '--target=HelloHTTP',
      '--signature-type=event',
      '--source=/s',
      '--port=8',
    ]);
  });
});

describe('archivePackageJson', () => {
  const description: ArchiveManifest = { binary: 'handler', goos: 'linux', goarch: 'amd64', contract: 'target', builtWith: '0.0.0' };
  it('lists the functions the binary offers', () => {
    expect(JSON.parse(archivePackageJson({ ...description, functions: ['A', 'B'] })).goHandoff.functions).toEqual(['A', 'B']);
    expect(JSON.parse(archivePackageJson(description)).goHandoff).not.toHaveProperty('functions');
  });
});
