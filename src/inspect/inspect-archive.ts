// go-handoff inspect: read an archive and check whether it would run.
import * as fs from 'node:fs';

import { loaderBundle, packageVersion } from '../paths';
import { type ArchiveContents, readArchive } from '../package/read-archive';
import { checkArchive, type Finding } from './archive-checks';

export interface Inspection {
  archive: string;
  bytes: number;
  contents: ArchiveContents;
  findings: Finding[];
  arch?: string;
  /** Whether a host could run it: no finding is an error. */
  runs: boolean;
}

export async function inspectArchive(archive: string): Promise<Inspection> {
  const contents = await readArchive(archive);
  const { findings, arch } = checkArchive(contents.files, {
    bundledLoader: fs.existsSync(loaderBundle) ? fs.readFileSync(loaderBundle) : undefined,
    version: packageVersion(),
  });
  return { archive, bytes: fs.statSync(archive).size, contents, findings, arch, runs: !findings.some((f) => f.severity === 'error') };
}
