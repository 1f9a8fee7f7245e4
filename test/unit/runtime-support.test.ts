import { describe, expect, it } from 'vitest';

import { unsupportedRuntime } from '../../src/loader/runtime-support';

describe('unsupportedRuntime', () => {
  it.each([
    ['10.16.0', '4'],
    ['10.24.1', '6'],
    ['12.0.0', '4'],
    ['20.20.2', '9'],
    ['22.23.3', '10'],
    ['24.22.3', '10'],
    ['26.1.0', '10'],
  ])('lets Node.js %s (Node-API %s) on Linux through', (node, napi) => {
    expect(unsupportedRuntime({ platform: 'linux', node, napi })).toBeUndefined();
  });

  it.each([
    // Node-API 4, but the loader's code needs Node.js 10 (BigInt).
    ['8.17.0', '4'],
    // Node.js 10 before Node-API 4.
    ['10.15.3', '3'],
    ['9.11.2', '3'],
    // No Node-API at all.
    ['6.9.0', undefined],
  ])('refuses Node.js %s (Node-API %s), naming what it found and what runs', (node, napi) => {
    const failure = unsupportedRuntime({ platform: 'linux', node, napi });
    expect(failure?.code).toBe('ERR_GO_HANDOFF_NODE_VERSION');
    expect(failure?.message).toContain(`This is Node.js v${node} (Node-API ${napi ?? 'none'}) on linux;`);
    expect(failure?.message).toContain('runs on Linux with Node.js 10.16 or later (Node-API 4 or later)');
    expect(failure?.message).toMatch(/nodejs22 or nodejs24; AWS Lambda: nodejs22\.x or nodejs24\.x/);
  });

  it('refuses a Node-API it cannot read rather than guess', () => {
    expect(unsupportedRuntime({ platform: 'linux', node: '22.1.0', napi: 'experimental' })?.code).toBe('ERR_GO_HANDOFF_NODE_VERSION');
  });

  it.each(['darwin', 'win32', 'freebsd'])('refuses %s, saying the loader is for Linux and how to run Go there', (platform) => {
    const failure = unsupportedRuntime({ platform, node: '24.22.3', napi: '10' });
    expect(failure?.code).toBe('ERR_GO_HANDOFF_PLATFORM');
    expect(failure?.message).toContain(`This is Node.js v24.22.3 (Node-API 10) on ${platform};`);
    expect(failure?.message).toContain('runs on Linux with Node.js 10.16 or later');
    expect(failure?.message).toContain('`make godev`');
  });

  it('names the platform first when neither the platform nor Node.js would do', () => {
    expect(unsupportedRuntime({ platform: 'darwin', node: '8.17.0', napi: '4' })?.code).toBe('ERR_GO_HANDOFF_PLATFORM');
  });
});
