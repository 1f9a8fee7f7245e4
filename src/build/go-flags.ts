// The flags of every go-handoff build of a function binary. Pure, so tests
// can hold them to docs/architecture.md ("The build"): static, stripped,
// reproducible.

export type GoArch = 'amd64' | 'arm64';

export const GO_ARCHES: readonly GoArch[] = ['amd64', 'arm64'];

export function goBuildArgs(mainPackage: string, output: string): string[] {
  return [
    'build',
    // No file system paths in the binary: the same sources give the same bytes anywhere.
    '-trimpath',
    '-buildvcs=false',
    // Strip the symbol table and DWARF, and leave out the build ID's randomness.
    '-ldflags=-s -w -buildid=',
    '-o',
    output,
    mainPackage,
  ];
}

export function goBuildEnv(goarch: GoArch, native = false): NodeJS.ProcessEnv {
  return {
    // A static binary that runs on any Linux, whatever libc the host has.
    CGO_ENABLED: '0',
    ...(native ? {} : { GOOS: 'linux', GOARCH: goarch }),
    GOFLAGS: '-mod=mod',
  };
}

/** Node's process.arch for a GOARCH: the prebuilds/<platform>-<arch> folder name. */
export function nodeArch(goarch: string): string {
  return ({ amd64: 'x64', 386: 'ia32' } as Record<string, string>)[goarch] ?? goarch;
}

export function isGoArch(value: string): value is GoArch {
  return (GO_ARCHES as readonly string[]).includes(value);
}
