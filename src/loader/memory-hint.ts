// The Go side sets its soft memory limit from what the platform says the
// instance has (go/internal/memlimit), one sign of which is the
// --max-old-space-size the host gave Node.js. In NODE_OPTIONS the Go process
// sees it; on node's own command line (process.execArgv) it does not, so the
// loader passes it on in a variable of its own. Pure.

/** Read by go/internal/memlimit (CommandLineMaxOldSpaceSize). */
export const MAX_OLD_SPACE_SIZE = 'GO_HANDOFF_MAX_OLD_SPACE_SIZE';

/** { GO_HANDOFF_MAX_OLD_SPACE_SIZE: N } for the last --max-old-space-size=N of node's command line (V8's last one wins); {} without one. */
export function memoryHint(execArgv: readonly string[]): Record<string, string> {
  let value: string | undefined;
  for (let i = 0; i < execArgv.length; i++) {
    const match = /^--max[-_]old[-_]space[-_]size(?:=(.*))?$/.exec(execArgv[i]);
    if (!match) continue;
    if (match[1] !== undefined) value = match[1];
    else if (i + 1 < execArgv.length) value = execArgv[i + 1];
  }
  return value === undefined ? {} : { [MAX_OLD_SPACE_SIZE]: value };
}
