import * as fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { readElf } from '../../src/loader/elf';
import { elfHeader } from '../helpers/elf-header';

describe('readElf', () => {
  it('names the machines Go builds for as Node.js does', () => {
    expect(readElf(elfHeader({ machine: 0x3e }))).toMatchObject({ bits: 64, littleEndian: true, arch: 'x64', type: 2 });
    expect(readElf(elfHeader({ machine: 0xb7 }))?.arch).toBe('arm64');
    expect(readElf(elfHeader({ bits: 32, machine: 0x28 }))).toMatchObject({ bits: 32, arch: 'arm' });
    expect(readElf(elfHeader({ machine: 0x1234 }))?.arch).toBe('machine 0x1234');
  });

  it('finds the dynamic loader a binary asks for, and none in a static one', () => {
    expect(readElf(elfHeader({ interpreter: '/lib64/ld-linux-x86-64.so.2' }))?.interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
    expect(readElf(elfHeader({}))?.interpreter).toBeUndefined();
  });

  it('reads real binaries: this Node.js (dynamic) and nothing from text', () => {
    const node = readElf(fs.readFileSync(process.execPath).subarray(0, 4096));
    expect(node?.arch).toBe(process.arch);
    expect(node?.interpreter).toMatch(/^\/lib.*ld-/);
    expect(readElf(Buffer.from('#!/bin/sh\necho hi\n'))).toBeNull();
    expect(readElf(new Uint8Array(3))).toBeNull();
  });
});
