import * as fs from 'node:fs';
import * as path from 'node:path';

import { inspectArchive } from '../../inspect/inspect-archive';
import { inspectionReport, inspectionVerdict } from '../../inspect/inspection-report';
import { type Command, isQuiet, QUIET_OPTION, UsageError } from '../command';
import { displayPath } from '../format';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'list an archive and check that it would run on a host',
  usage: `go-handoff inspect <archive> [options]

Lists the archive's entries (zip or tar.gz) and checks what a host needs:
index.js is go-handoff's loader, package.json names it and the Go binary,
the binary is an executable (mode 0755), statically linked ELF program, the
addon for its architecture is there and needs no newer C library than
glibc 2.17. Reports every entry \`serve\` would refuse (a name with "..",
absolute or twice, a file where a folder must be) or leave out (links,
devices). Exits 1 with the reasons when the archive would not run.
Unpacks at most GO_HANDOFF_ARCHIVE_MAX_BYTES (512 MiB) and
GO_HANDOFF_ARCHIVE_MAX_ENTRIES (65535) entries.

Options:
  -q, --quiet   print only the reasons it would not run`,
  options: { ...QUIET_OPTION },
  async run(positionals, values) {
    if (positionals.length !== 1) throw new UsageError(`inspect takes one archive, not ${positionals.length}`);
    const archive = path.resolve(positionals[0]);
    if (!fs.existsSync(archive)) throw new Error(`the archive ${archive} does not exist`);
    const inspection = await inspectArchive(archive);
    const shown = displayPath(archive);
    if (!isQuiet(values)) console.log(inspectionReport(inspection, shown));
    if (inspection.runs) {
      if (!isQuiet(values)) console.log(`\n${inspectionVerdict(inspection, shown)}`);
      return 0;
    }
    console.error(`${isQuiet(values) ? '' : '\n'}go-handoff: ${inspectionVerdict(inspection, shown)}`);
    return 1;
  },
};
