// Minimal ELF files for tests: class, byte order, type, machine, and
// optionally one PT_INTERP program header naming a dynamic loader.

export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_X86_64 = 0x3e;
export const EM_AARCH64 = 0xb7;

export function elfHeader({ bits = 64, machine = EM_X86_64, type = ET_EXEC, interpreter }: { bits?: 32 | 64; machine?: number; type?: number; interpreter?: string } = {}): Buffer {
  const buffer = Buffer.alloc(512);
  buffer.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, 1, 1]);
  buffer.writeUInt16LE(type, 16);
  buffer.writeUInt16LE(machine, 18);
  if (interpreter !== undefined && bits === 64) {
    const phoff = 64;
    buffer.writeBigUInt64LE(BigInt(phoff), 32);
    buffer.writeUInt16LE(56, 54);
    buffer.writeUInt16LE(1, 56);
    buffer.writeUInt32LE(3, phoff); // PT_INTERP
    buffer.writeBigUInt64LE(200n, phoff + 8);
    buffer.writeBigUInt64LE(BigInt(interpreter.length + 1), phoff + 32);
    buffer.write(interpreter + '\0', 200, 'latin1');
  }
  return buffer;
}
