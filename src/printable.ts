// Text from outside (an archive's entry names, a file's contents) made safe
// to print on a terminal: a name can hold escape codes that clear the
// screen, move the cursor or forge lines of a report ("✓ handler: verified"),
// and bidirectional controls that show text in another order than it is.
// Pure.

/**
 * C0 controls and DEL, C1 controls, and Unicode's bidirectional embeddings,
 * overrides and isolates (the "Trojan Source" characters), and the line and
 * paragraph separators.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, less newline and tab: for messages of several lines. */
const UNPRINTABLE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** text with every character that could act on a terminal written as an escape: "\x1b", "\u202e". */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** printable, but keeping newlines and tabs: for a message that spans lines. */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_IN_LINES, escape);
}

function escape(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
