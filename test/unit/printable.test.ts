import { describe, expect, it } from 'vitest';

import { printable, printableLines } from '../../src/printable';

describe('printable', () => {
  it.each([
    ['a plain name', 'handler', 'handler'],
    ['non-ASCII letters and marks', 'prebuilds/linux-x64/ünïcødé ✓', 'prebuilds/linux-x64/ünïcødé ✓'],
    ['an escape sequence that clears the screen', '\x1b[2J\x1b[1;32mok', '\\x1b[2J\\x1b[1;32mok'],
    ['a carriage return that rewrites the line', 'evil\r✓ handler: verified', 'evil\\x0d✓ handler: verified'],
    ['a newline that forges a line', 'x\n  ✓ handler: verified', 'x\\x0a  ✓ handler: verified'],
    ['NUL, DEL and a C1 control', 'a\0b\x7fc\x9bd', 'a\\x00b\\x7fc\\x9bd'],
    ['a bidirectional override (Trojan Source)', 'handler\u202e.js', 'handler\\u202e.js'],
    ['an isolate and a line separator', '\u2066x\u2069\u2028', '\\u2066x\\u2069\\u2028'],
  ])('%s', (_name, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it('keeps the lines and tabs of a message of several lines, and nothing else', () => {
    expect(printableLines('one\n\ttwo\x1b[0m\r')).toBe('one\n\ttwo\\x1b[0m\\x0d');
  });

  it('leaves nothing a terminal acts on, whatever the input (fuzz)', () => {
    for (let round = 0; round < 2000; round++) {
      const text = String.fromCharCode(...Array.from({ length: 12 }, () => (Math.random() < 0.5 ? Math.floor(Math.random() * 0xa0) : Math.floor(Math.random() * 0x2100))));
      expect(printable(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    }
  });
});
