// What a file is, from its first bytes, said in words and never by quoting
// them: a file in the wrong place may hold anything (a .env with keys), and
// what the loader says reaches logs and, in development, HTTP clients. Pure.

/** Signatures of the files most often found where a Go binary should be. */
const SIGNATURES: { bytes: number[]; kind: string }[] = [
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'an ELF file' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], kind: 'a macOS program (Mach-O): built for darwin rather than linux' },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], kind: 'a macOS program (Mach-O): built for darwin rather than linux' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], kind: 'a macOS universal program (Mach-O): built for darwin rather than linux' },
  { bytes: [0x4d, 0x5a], kind: 'a Windows program (PE): built for windows rather than linux' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a zip archive' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip file' },
  { bytes: [0x23, 0x21], kind: 'a script ("#!")' },
];

const GIT_LFS_POINTER = 'version https://git-lfs.github.com/spec/';

export function describeFileStart(head: Uint8Array): string {
  if (head.length === 0) return 'an empty file';
  for (const { bytes, kind } of SIGNATURES) {
    if (bytes.every((byte, i) => head[i] === byte)) return kind;
  }
  if (Buffer.from(head.subarray(0, GIT_LFS_POINTER.length)).toString('latin1') === GIT_LFS_POINTER) {
    return 'a Git LFS pointer, not the file it stands for: fetch the file with `git lfs pull`';
  }
  return looksLikeText(head) ? 'text' : 'binary data of no kind go-handoff knows';
}

/** UTF-8 (allowing a character cut at the sample's end) with no control characters but whitespace. */
function looksLikeText(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 512)).toString('utf8').replace(/\ufffd{1,3}$/, '');
  return !/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(text);
}
