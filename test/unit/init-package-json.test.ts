import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { goHandoffSpec, withGoHandoffDependency } from '../../src/init/package-json';
import { repoRoot } from '../helpers/archives';

describe("init: a template's go-handoff dependency", () => {
  it('is this version, or a later compatible one', () => {
    expect(goHandoffSpec('0.1.0')).toBe('^0.1.0');
    expect(goHandoffSpec('1.4.2')).toBe('^1.4.2');
  });

  it("sets the firebase template's devDependency, keeping everything else as it was", () => {
    const template = fs.readFileSync(path.join(repoRoot, 'go', 'examples', 'firebase', 'functions', 'package.json'), 'utf8');
    // In the repository, the example installs the repository itself.
    expect(JSON.parse(template).devDependencies).toEqual({ 'go-handoff': 'file:../../../..' });
    const written = withGoHandoffDependency(template, '^0.1.0');
    expect(JSON.parse(written)).toEqual({ ...JSON.parse(template), devDependencies: { 'go-handoff': '^0.1.0' } });
    expect(Object.keys(JSON.parse(written))).toEqual(Object.keys(JSON.parse(template)));
    expect(written.endsWith('}\n')).toBe(true);
  });

  it('sets it where the template lists it, and leaves a package.json that lists none byte for byte', () => {
    expect(JSON.parse(withGoHandoffDependency('{"dependencies":{"go-handoff":"*","other":"1"}}', 'file:/tmp/go-handoff.tgz'))).toEqual({ dependencies: { 'go-handoff': 'file:/tmp/go-handoff.tgz', other: '1' } });
    const none = '{ "name": "x",  "dependencies": { "other": "1" } }';
    expect(withGoHandoffDependency(none, '^0.1.0')).toBe(none);
  });
});
