// Reads just enough of an ELF header to tell which machine a binary is for,
// and which dynamic loader (if any) it asks for. Pure: takes the file's first
// bytes, returns facts; the loader turns them into advice.

/** Node.js's names (process.arch) for the ELF machines Go builds for. */
const MACHINES: Record<number, string> = {
  0x03: 'ia32',
  0x08: 'mips',
  0x14: 'ppc',
  0x15: 'ppc64',
  0x16: 's390x',
  0x28: 'arm',
  0x3e: 'x64',
  0xb7: 'arm64',
  0xf3: 'riscv64',
  0x102: 'loong64',
};

export interface ElfFacts {
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_machine as a number, and as Node.js names it when known (else `machine 0x...`). */
  machine: number;
  arch: string;
  /** ET_EXEC (2) or ET_DYN (3, also static-pie) and so on. */
  type: number;
  /** PT_INTERP: the dynamic loader the kernel must find; absent for static binaries. */
  interpreter?: string;
}

const PT_INTERP = 3;

/** Facts about an ELF file from its first bytes, or null when it is not ELF. */
export function readElf(head: Uint8Array): ElfFacts | null {
  if (head.length < 20 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) {
    return null;
  }
  const bits = head[4] === 2 ? 64 : 32;
  const littleEndian = head[5] !== 2;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const u16 = (at: number) => view.getUint16(at, littleEndian);
  const u32 = (at: number) => view.getUint32(at, littleEndian);
  const word = (at: number) => (bits === 64 ? Number(view.getBigUint64(at, littleEndian)) : u32(at));
  const machine = u16(18);
  const facts: ElfFacts = {
    bits,
    littleEndian,
    machine,
    arch: MACHINES[machine] ?? `machine 0x${machine.toString(16)}`,
    type: u16(16),
  };
  const headerSize = bits === 64 ? 64 : 52;
  if (head.length < headerSize) return facts;
  const phoff = word(bits === 64 ? 32 : 28);
  const phentsize = u16(bits === 64 ? 54 : 42);
  const phnum = u16(bits === 64 ? 56 : 44);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > head.length) break; // beyond what we read: treat as none
    if (u32(at) !== PT_INTERP) continue;
    const offset = word(at + (bits === 64 ? 8 : 4));
    const size = word(at + (bits === 64 ? 32 : 16));
    if (offset + size <= head.length) {
      facts.interpreter = Buffer.from(head.subarray(offset, offset + size)).toString('latin1').replace(/\0.*$/s, '');
    }
    break;
  }
  return facts;
}
