import { describe, expect, it } from 'vitest';

import { diagnoseExecutable, type ExecutableFacts, goArch } from '../../src/loader/executable';

const STATIC_X64 = (() => {
  const head = Buffer.alloc(64);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  head.writeUInt16LE(2, 16);
  head.writeUInt16LE(0x3e, 18);
  return head;
})();

function facts(overrides: Partial<ExecutableFacts>): ExecutableFacts {
  return { exists: true, isFile: true, mode: 0o100755, head: STATIC_X64, interpreterExists: () => true, ...overrides };
}

describe('diagnoseExecutable', () => {
  it('accepts a static binary for this machine, and scripts', () => {
    expect(diagnoseExecutable('/fn/handler', facts({}), 'x64')).toBeNull();
    expect(diagnoseExecutable('/fn/handler', facts({ head: Buffer.from('#!/bin/sh\n') }), 'x64')).toBeNull();
  });

  it.each([
    ['missing', facts({ exists: false }), 'ENOENT', /does not exist.*GO_HANDOFF_BINARY/s],
    ['a folder', facts({ isFile: false }), 'EACCES', /is not a regular file/],
    ['text', facts({ head: Buffer.from('not a program at all') }), 'ENOEXEC', /is not a program: it is text, not an ELF program or a script/],
    ['a macOS build', facts({ head: Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]) }), 'ENOEXEC', /it is a macOS program \(Mach-O\): built for darwin rather than linux/],
    ['a Git LFS pointer', facts({ head: Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n') }), 'ENOEXEC', /a Git LFS pointer.*git lfs pull/],
    ['empty', facts({ head: Buffer.alloc(0) }), 'ENOEXEC', /it is an empty file/],
    ['an ELF header cut short', facts({ head: STATIC_X64.subarray(0, 12) }), 'ENOEXEC', /it is an ELF file cut short/],
    ['for arm64', facts({ head: Buffer.from(STATIC_X64).fill(0xb7, 18, 19) }), 'ENOEXEC', /built for arm64, but this host runs x64.*GOARCH=amd64/s],
  ])('explains a binary that is %s', (_name, given, code, says) => {
    const problem = diagnoseExecutable('/fn/handler', given, 'x64');
    expect(problem?.code).toBe(code);
    expect(`${problem?.reason}. ${problem?.remedy}`).toMatch(says);
  });

  it('names what the file is, never a byte of it: it may hold anything', () => {
    const secret = 'API_KEY=sk_live_51Habc0123456789\nDB_PASSWORD=hunter2\n';
    const problem = diagnoseExecutable('/fn/handler', facts({ head: Buffer.from(secret) }), 'x64');
    const said = `${problem?.reason}. ${problem?.remedy}`;
    expect(said).toContain('it is text');
    for (const part of ['API_KEY', 'sk_live', 'hunter2', 'DB_PASS']) expect(said).not.toContain(part);
  });

  it('explains a dynamically linked binary whose loader this host lacks', () => {
    const dynamic = Buffer.alloc(512);
    dynamic.set(STATIC_X64);
    dynamic.writeBigUInt64LE(64n, 32);
    dynamic.writeUInt16LE(56, 54);
    dynamic.writeUInt16LE(1, 56);
    dynamic.writeUInt32LE(3, 64);
    dynamic.writeBigUInt64LE(300n, 72);
    dynamic.writeBigUInt64LE(20n, 96);
    dynamic.write('/lib/ld-musl-x86_64\0', 300, 'latin1');
    const problem = diagnoseExecutable('/fn/handler', facts({ head: dynamic, interpreterExists: () => false }), 'x64');
    expect(problem).toMatchObject({ code: 'ENOENT', remedy: expect.stringContaining('CGO_ENABLED=0') });
    expect(problem?.reason).toContain('/lib/ld-musl-x86_64');
  });

  it('maps Node.js architectures to GOARCH', () => {
    expect(goArch('x64')).toBe('amd64');
    expect(goArch('arm64')).toBe('arm64');
  });
});
