// Which versioned library interfaces an ELF shared object needs (its
// .gnu.version_r section, what `objdump -T` shows as GLIBC_2.17 and the like):
// the oldest C library a host may have for the addon to load. Pure.

const SHT_GNU_VERNEED = 0x6ffffffe;

/** Library file name (libc.so.6) -> the version names it must provide (GLIBC_2.17, ...). */
export type VersionNeeds = Record<string, string[]>;

export function readVersionNeeds(file: Uint8Array): VersionNeeds {
  if (file.length < 64 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46) return {};
  const is64 = file[4] === 2;
  const littleEndian = file[5] !== 2;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const inFile = (at: number, size: number) => at >= 0 && at + size <= file.length;
  const u16 = (at: number) => view.getUint16(at, littleEndian);
  const u32 = (at: number) => view.getUint32(at, littleEndian);
  const word = (at: number) => (is64 ? Number(view.getBigUint64(at, littleEndian)) : u32(at));
  const cString = (at: number) => {
    let end = at;
    while (end < file.length && file[end] !== 0) end++;
    return Buffer.from(file.subarray(at, end)).toString('latin1');
  };

  const shoff = word(is64 ? 40 : 32);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  const section = (index: number) => {
    const at = shoff + index * shentsize;
    if (!inFile(at, shentsize)) return undefined;
    return {
      type: u32(at + 4),
      offset: word(at + (is64 ? 24 : 16)),
      size: word(at + (is64 ? 32 : 20)),
      link: u32(at + (is64 ? 40 : 24)),
      info: u32(at + (is64 ? 44 : 28)),
    };
  };

  const needs: VersionNeeds = {};
  for (let i = 0; i < shnum; i++) {
    const verneed = section(i);
    if (verneed?.type !== SHT_GNU_VERNEED) continue;
    const strings = section(verneed.link);
    if (!strings) continue;
    let entry = verneed.offset;
    for (let n = 0; n < verneed.info && inFile(entry, 16); n++) {
      const library = cString(strings.offset + u32(entry + 4));
      const versions = (needs[library] ??= []);
      let aux = entry + u32(entry + 8);
      for (let k = 0; k < u16(entry + 2) && inFile(aux, 16); k++) {
        versions.push(cString(strings.offset + u32(aux + 8)));
        const next = u32(aux + 12);
        if (next === 0) break;
        aux += next;
      }
      const next = u32(entry + 12);
      if (next === 0) break;
      entry += next;
    }
  }
  return needs;
}

/** The highest version needed of each interface: { GLIBC: '2.17', GLIBCXX: '3.4.21', CXXABI: '1.3' }. */
export function highestVersions(needs: VersionNeeds): Record<string, string> {
  const highest: Record<string, string> = {};
  for (const name of Object.values(needs).flat()) {
    const match = /^([A-Z]+)_(\d+(?:\.\d+)*)$/.exec(name);
    if (!match) continue;
    const [, family, version] = match;
    if (!highest[family] || compareVersions(version, highest[family]) > 0) highest[family] = version;
  }
  return highest;
}

/** Compares dotted version numbers: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
