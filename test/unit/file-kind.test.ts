import { describe, expect, it } from 'vitest';

import { describeFileStart } from '../../src/loader/file-kind';

describe('describeFileStart', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'an empty file'],
    ['text', Buffer.from('hello, I am not a program\n'), 'text'],
    ['UTF-8 text cut inside a character', Buffer.from('héllo wörld ✓').subarray(0, 14), 'text'],
    ['a .env file', Buffer.from('API_KEY=sk_live_123\n'), 'text'],
    ['a zip', Buffer.from([0x50, 0x4b, 3, 4, 20, 0]), 'a zip archive'],
    ['a gzip', Buffer.from([0x1f, 0x8b, 8, 0]), 'a gzip file'],
    ['a Windows program', Buffer.from('MZ\x90\x00\x03'), 'a Windows program (PE): built for windows rather than linux'],
    ['a script', Buffer.from('#!/bin/sh\n'), 'a script ("#!")'],
    ['binary data', Buffer.from([0, 1, 2, 3, 0xfe, 0xff]), 'binary data of no kind go-handoff knows'],
  ])('%s', (_name, head, kind) => {
    expect(describeFileStart(head)).toBe(kind);
  });

  it('says what a file is in words of its own, never with the bytes it holds (fuzz)', () => {
    const kinds = new Set<string>();
    for (let round = 0; round < 3000; round++) {
      const head = Buffer.from(Array.from({ length: 1 + Math.floor(Math.random() * 40) }, () => Math.floor(Math.random() * 256)));
      const said = describeFileStart(head);
      kinds.add(said);
      // Every answer is one of a fixed set: none can carry the file's bytes.
      expect(kinds.size).toBeLessThanOrEqual(12);
    }
  });
});
