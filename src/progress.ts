// How long steps (module download, compile, addon build, packaging) report
// themselves. The library code only names its steps; the CLI decides whether
// and how to show them (src/cli/progress-reporter.ts).

export interface Progress {
  /** Runs work as the step called label, reporting its start, end and time. */
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
}

/** Reports nothing: the default for library callers and tests. */
export const silentProgress: Progress = {
  step: (_label, work) => work(),
};
