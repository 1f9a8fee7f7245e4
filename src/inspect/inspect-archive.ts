// go-handoff inspect: read an archive and check whether it would run. The
// archive streams through serve's own rules (archive-rules.ts), entry by
// entry, every byte read and checked as serve would, and only what the
// checks look into is kept: a bomb costs time, not memory.
import * as fs from 'node:fs';

import { loaderBundle, packageVersion } from '../paths';
import type { ArchiveFormat } from '../package/archive-format';
import { type ArchiveLimits, archiveLimits } from '../package/archive-limits';
import { type Admission, ArchiveRules, type EntryKind } from '../package/archive-rules';
import { EXEC_WRAPPER_NAME } from '../package/exec-wrapper';
import { archiveFormat, walkArchive } from '../package/walk-archive';
import { checkArchive, type Finding } from './archive-checks';

export interface InspectedEntry {
  /** Where serve would unpack it; the name as stored when it has no place (a name with "..", a NUL). */
  name: string;
  type: EntryKind;
  mode: number;
  size: number;
  linkTarget?: string;
  /** What serve does with it. */
  admission: Admission;
  /** What the checks read: the whole of the files they look into, the first bytes of other files at the root (a Go binary's headers), nothing of the rest. */
  data: Buffer;
}

export interface Inspection {
  archive: string;
  bytes: number;
  format: ArchiveFormat;
  entries: InspectedEntry[];
  findings: Finding[];
  arch?: string;
  /** Whether a host could run it: no finding is an error. */
  runs: boolean;
}

/** The files archive-checks.ts reads whole. */
function readWhole(path: string): boolean {
  return path === 'index.js' || path === 'package.json' || path === EXEC_WRAPPER_NAME || /^prebuilds\/[^/]+\/handoff\.node$/.test(path);
}
/** More than this, and a file is not one go-handoff writes (its addon is about 150 KiB): the checks judge it by its head. */
const WHOLE_LIMIT = 16 * 1024 * 1024;
/** An ELF header and its program headers. */
const HEAD_BYTES = 4096;
/** What is kept of all files together, whatever the archive holds. */
const KEPT_LIMIT = 64 * 1024 * 1024;

export async function inspectArchive(archive: string, limits: ArchiveLimits = archiveLimits()): Promise<Inspection> {
  const format = archiveFormat(archive);
  const rules = new ArchiveRules();
  const entries: InspectedEntry[] = [];
  let kept = 0;
  for await (const { entry, body } of walkArchive(archive, limits)) {
    const admission = rules.admit(entry);
    if (admission.action === 'skip') continue;
    let wanted = 0;
    if (admission.action === 'write') {
      if (readWhole(admission.path)) wanted = Math.min(WHOLE_LIMIT, entry.size);
      else if (!admission.path.includes('/')) wanted = HEAD_BYTES;
    }
    const data = await keepFirst(body, Math.min(wanted, KEPT_LIMIT - kept));
    kept += data.length;
    entries.push({
      name: admission.path ?? entry.name,
      type: entry.kind,
      mode: entry.mode & 0o777,
      size: entry.size,
      ...(entry.linkTarget !== undefined && { linkTarget: entry.linkTarget }),
      admission,
      data,
    });
  }
  const { findings, arch } = checkArchive(entries, {
    bundledLoader: fs.existsSync(loaderBundle) ? fs.readFileSync(loaderBundle) : undefined,
    version: packageVersion(),
  });
  return { archive, bytes: fs.statSync(archive).size, format, entries, findings, arch, runs: !findings.some((f) => f.severity === 'error') };
}

/** The first n bytes of body, read to its end all the same (the walk checks what it reads). */
async function keepFirst(body: AsyncIterable<Buffer>, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let missing = n;
  for await (const chunk of body) {
    if (missing <= 0) continue;
    // A copy: a slice would keep the whole chunk alive.
    const part = Buffer.from(chunk.subarray(0, missing));
    parts.push(part);
    missing -= part.length;
  }
  return Buffer.concat(parts);
}
