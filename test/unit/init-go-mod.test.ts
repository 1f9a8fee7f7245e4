import { describe, expect, it } from 'vitest';

import { moduleNameFor, rewriteGoMod, sdkPathFor } from '../../src/init/go-mod';
import { isTemplate, templateFolder, TEMPLATES } from '../../src/init/templates';

const template = `module example.com/json

go 1.26

require github.com/go-handoff/go-handoff v0.0.0

// The build points this at the SDK wherever the folder lives.
replace github.com/go-handoff/go-handoff => ../..
`;

describe('init: go.mod', () => {
  it("names the module after the folder and points the SDK's replace at its absolute folder", () => {
    const text = rewriteGoMod(template, { module: 'orders', sdkDir: '/opt/go-handoff/go' });
    expect(text).toMatch(/^module orders\n/);
    expect(text).toContain('require github.com/go-handoff/go-handoff v0.0.0\n');
    expect(text).toMatch(/\nreplace github\.com\/go-handoff\/go-handoff => \/opt\/go-handoff\/go\n$/);
    expect(text).not.toContain('../..');
    expect(text).not.toContain('wherever the folder lives'); // the template's comment was about its own path
  });

  it('quotes a folder with spaces, rewrites a replace block, and adds a missing replace', () => {
    expect(rewriteGoMod(template, { module: 'm', sdkDir: '/my sdk/go' })).toContain('replace github.com/go-handoff/go-handoff => "/my sdk/go"\n');
    const block = 'module x\n\nreplace (\n\tgithub.com/go-handoff/go-handoff => ../..\n\texample.com/other => ../other\n)\n';
    expect(rewriteGoMod(block, { module: 'x', sdkDir: '/sdk' })).toBe('module x\n\nreplace (\n\tgithub.com/go-handoff/go-handoff => /sdk\n\texample.com/other => ../other\n)\n');
    expect(rewriteGoMod('module x\n\ngo 1.22\n', { module: 'x', sdkDir: '/sdk' })).toMatch(/go 1\.22\n\n\/\/ .*\n\/\/ .*\nreplace github\.com\/go-handoff\/go-handoff => \/sdk\n$/);
  });

  it("points at the project's installed SDK by a relative path, and elsewhere by an absolute one", () => {
    expect(sdkPathFor('/work/app/fn', '/work/app/node_modules/go-handoff/go')).toBe('../node_modules/go-handoff/go');
    expect(sdkPathFor('/work/app/services/fn', '/work/app/node_modules/go-handoff/go')).toBe('../../node_modules/go-handoff/go');
    expect(sdkPathFor('/work/app', '/work/app/node_modules/go-handoff/go')).toBe('./node_modules/go-handoff/go');
    // npx's cache, or a checkout: not the project's, so absolute.
    expect(sdkPathFor('/work/app/fn', '/root/.npm/_npx/0123/node_modules/go-handoff/go')).toBe('/root/.npm/_npx/0123/node_modules/go-handoff/go');
    expect(sdkPathFor('/work/app/fn', '/src/go-handoff/go')).toBe('/src/go-handoff/go');
    // The firebase template's go/ and the SDK its sibling functions/ installs, both in the folder init writes.
    expect(sdkPathFor('/work/app/go', '/work/app/functions/node_modules/go-handoff/go', '/work/app')).toBe('../functions/node_modules/go-handoff/go');
    expect(sdkPathFor('/work/app/go', '/work/app/functions/node_modules/go-handoff/go')).toBe('/work/app/functions/node_modules/go-handoff/go');
    expect(sdkPathFor('/work/app/go', '/work/other/node_modules/go-handoff/go', '/work/app')).toBe('/work/other/node_modules/go-handoff/go');
  });

  it('makes module names Go accepts from any folder name', () => {
    expect(moduleNameFor('orders')).toBe('orders');
    expect(moduleNameFor('My Function!')).toBe('my-function');
    expect(moduleNameFor('...')).toBe('function');
  });
});

describe('init: templates', () => {
  it('has one template per contract and a Firebase project, each a folder of the examples', () => {
    expect(TEMPLATES).toEqual(['http', 'json', 'bytes', 'event', 'firebase']);
    expect(isTemplate('json')).toBe(true);
    expect(isTemplate('grpc')).toBe(false);
    expect(templateFolder('bytes', '/sdk')).toBe('/sdk/examples/bytes');
  });
});
