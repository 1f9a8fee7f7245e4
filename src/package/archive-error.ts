// The one error every archive reader throws: the archive's path, then what
// is wrong with it, in words (never a library's stack trace or a raw errno).
export class ArchiveError extends Error {
  readonly code = 'ERR_GO_HANDOFF_ARCHIVE';

  constructor(
    readonly archive: string,
    readonly problem: string,
  ) {
    super(`${archive}: ${problem}`);
    this.name = 'ArchiveError';
  }
}

/** An entry's name as messages quote it. */
export function entryName(name: string): string {
  return `"${name}"`;
}

/** What a reader finds wrong, before the walker names the archive (ArchiveError). */
export class ArchiveProblem extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'ArchiveProblem';
  }
}
