// Whether a function archive would run on a host, checked entry by entry.
// Pure: takes the archive's files, returns findings; inspect-archive.ts reads
// the archive and inspection-report.ts words the result.
import { nodeArch } from '../build/go-flags';
import { ADDON_FILE } from '../loader/addon';
import { DEFAULT_BINARY } from '../loader/config';
import { readElf } from '../loader/elf';
import { goArch } from '../loader/executable';
import { EXEC_WRAPPER_BANNER, EXEC_WRAPPER_NAME, execWrapperScript } from '../package/exec-wrapper';
import type { Admission, EntryKind } from '../package/archive-rules';
import { compareVersions, highestVersions, readVersionNeeds } from './elf-symbol-versions';

export type Severity = 'ok' | 'warning' | 'error';

export interface Finding {
  severity: Severity;
  /** The entry the finding is about. */
  subject: string;
  message: string;
}

/** An entry as the checks see it (inspect-archive.ts's InspectedEntry). */
export interface ArchiveFile {
  name: string;
  type: EntryKind;
  mode: number;
  /** The content, or its first bytes when it is longer than what was kept (size). */
  data: Buffer;
  /** The content's length; data's when absent. */
  size?: number;
  /** What serve does with the entry (archive-rules.ts); absent: it unpacks it. */
  admission?: Admission;
}

export interface CheckContext {
  /** The loader this go-handoff bundles (dist/loader/index.js), when built. */
  bundledLoader?: Buffer;
  /** This go-handoff's version. */
  version: string;
}

/** What the addon may need at most: go-handoff's promise (docs/getting-started.md, test/addon/portability.test.ts). */
export const ADDON_LIMITS: Record<string, string> = { GLIBC: '2.17', GLIBCXX: '3.4.21', CXXABI: '1.3.8' };

/** The first line esbuild writes into the loader bundle (scripts/build.mjs). */
export const LOADER_BANNER = '// go-handoff loader:';

const REPACKAGE = 'rebuild the archive with `go-handoff package` (or `make`)';
const ET_EXEC = 2;
const ET_DYN = 3;

export interface ArchiveCheck {
  findings: Finding[];
  /** The architecture the archive is for (process.arch naming), when the binary or manifest tells. */
  arch?: string;
}

export function checkArchive(files: ArchiveFile[], context: CheckContext): ArchiveCheck {
  const findings: Finding[] = [];
  const add = (severity: Severity, subject: string, message: string) => findings.push({ severity, subject, message });
  // What serve unpacks or leaves out, under the path it would have; a name
  // twice is refused (checkEntries says so), so the first is the one there.
  const byName = new Map<string, ArchiveFile>();
  for (const file of files) {
    if (file.admission?.action !== 'refuse' && !byName.has(file.name)) byName.set(file.name, file);
  }

  checkLoader(byName.get('index.js'), context, add);
  const manifest = checkManifest(byName.get('package.json'), add);
  const binaryName = manifest?.binary ?? DEFAULT_BINARY;
  const binaryArch = checkBinary(byName.get(binaryName), binaryName, manifest, add);
  const arch = binaryArch ?? (manifest?.goarch ? nodeArch(manifest.goarch) : undefined);
  checkAddon([...byName.values()], arch, add);
  checkExecWrapper(byName.get(EXEC_WRAPPER_NAME), binaryName, add);
  checkEntries(files, add);
  return { findings, arch };
}

/** What serve refuses the archive for, or leaves out of it (archive-rules.ts). */
function checkEntries(files: ArchiveFile[], add: Add): void {
  for (const file of files) {
    if (file.admission?.action === 'refuse') add('error', file.name, `${file.admission.reason}; serve refuses the archive`);
    else if (file.admission?.action === 'drop') add('warning', file.name, file.admission.reason);
  }
}

/** Whether the checks have all of file, or only its first bytes. */
function whole(file: ArchiveFile): boolean {
  return file.size === undefined || file.size === file.data.length;
}

const KIND_WORDS: Record<EntryKind, string> = { file: 'a file', directory: 'a folder', symlink: 'a symbolic link', hardlink: 'a hard link', device: 'a device file', fifo: 'a named pipe', other: 'an entry of another kind' };

type Add = (severity: Severity, subject: string, message: string) => void;

function checkLoader(file: ArchiveFile | undefined, context: CheckContext, add: Add): void {
  if (!file || file.type !== 'file') {
    add('error', 'index.js', `missing: the host loads index.js, the loader that execs the Go binary; ${REPACKAGE}`);
    return;
  }
  if (context.bundledLoader && file.data.equals(context.bundledLoader)) {
    add('ok', 'index.js', `go-handoff's loader, the one go-handoff ${context.version} bundles`);
  } else if (file.data.subarray(0, LOADER_BANNER.length).toString('latin1') === LOADER_BANNER) {
    add('warning', 'index.js', `a go-handoff loader, but not the one go-handoff ${context.version} bundles (another version built it); ${REPACKAGE} to update it`);
  } else {
    add('error', 'index.js', `not go-handoff's loader (it does not start with ${JSON.stringify(LOADER_BANNER)}): nothing would exec the Go binary; ${REPACKAGE}`);
  }
}

interface Manifest {
  binary?: string;
  goos?: string;
  goarch?: string;
  contract?: string;
  builtWith?: string;
}

function checkManifest(file: ArchiveFile | undefined, add: Add): Manifest | undefined {
  if (!file || file.type !== 'file') {
    add('error', 'package.json', `missing: the host reads it to find index.js, and the loader to find the Go binary; ${REPACKAGE}`);
    return undefined;
  }
  if (!whole(file)) {
    add('error', 'package.json', `${file.size} bytes, too large to be the package.json go-handoff writes; ${REPACKAGE}`);
    return undefined;
  }
  let pkg: { main?: unknown; goHandoff?: Manifest };
  try {
    pkg = JSON.parse(file.data.toString('utf8'));
  } catch (error) {
    add('error', 'package.json', `not valid JSON (${(error as Error).message}); ${REPACKAGE}`);
    return undefined;
  }
  const problems: string[] = [];
  if (pkg.main !== 'index.js' && pkg.main !== './index.js') problems.push(`its main is ${JSON.stringify(pkg.main)}, not "index.js": the host would not load the loader`);
  const manifest = pkg.goHandoff;
  if (manifest?.goos !== undefined && manifest.goos !== 'linux') problems.push(`goHandoff.goos is ${JSON.stringify(manifest.goos)}: the loader runs on Linux hosts only`);
  if (problems.length > 0) {
    add('error', 'package.json', `${problems.join('; ')}; ${REPACKAGE}`);
    return manifest;
  }
  if (!manifest || typeof manifest.binary !== 'string' || manifest.binary === '') {
    add('warning', 'package.json', `main index.js, but no goHandoff.binary: the loader will exec ${JSON.stringify(DEFAULT_BINARY)}`);
    return { ...manifest, binary: undefined };
  }
  const facts = [`binary ${manifest.binary}`, manifest.goarch && `linux/${manifest.goarch}`, manifest.contract && `contract ${manifest.contract}`, manifest.builtWith && `built with go-handoff ${manifest.builtWith}`];
  add('ok', 'package.json', `main index.js; ${facts.filter(Boolean).join(', ')}`);
  return manifest;
}

/** Checks the Go binary; returns its architecture (process.arch naming) when it is an ELF file. */
function checkBinary(file: ArchiveFile | undefined, name: string, manifest: Manifest | undefined, add: Add): string | undefined {
  if (!file) {
    add('error', name, `missing: package.json names ${JSON.stringify(name)} as the Go binary, and the archive has no such entry; ${REPACKAGE}`);
    return undefined;
  }
  if (file.type !== 'file') {
    add('error', name, `${KIND_WORDS[file.type]}, not the Go binary; ${REPACKAGE}`);
    return undefined;
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const mode = file.mode.toString(8).padStart(4, '0');
  if ((file.mode & 0o111) === 0) {
    // The loader repairs it (src/loader/lost-mode.ts); Lambda's exec-wrapper does not.
    warnings.push(
      `not executable (some zip tools store every entry so). The loader makes it executable at start, with chmod, or where the folder is read-only by running a copy from the temporary folder, which can use the instance's memory; Lambda's exec-wrapper cannot start it. ${capitalize(REPACKAGE)} to store it with mode 0755`,
    );
  }
  else if ((file.mode & 0o555) !== 0o555) warnings.push(`mode ${mode}: only some users may run it (go-handoff stores 0755)`);
  const elf = readElf(file.data);
  if (!elf) {
    const script = file.data[0] === 0x23 && file.data[1] === 0x21;
    if (script) warnings.push('a script ("#!"), not a Go binary: it runs only if the host has its interpreter');
    else problems.push('not an ELF program: execve(2) would fail with ENOEXEC');
  } else {
    if (elf.type !== ET_EXEC && elf.type !== ET_DYN) problems.push(`ELF type ${elf.type}, not an executable`);
    if (manifest?.goarch && nodeArch(manifest.goarch) !== elf.arch) {
      problems.push(`built for ${elf.arch}, but package.json says linux/${manifest.goarch}`);
    }
    if (elf.interpreter !== undefined) {
      problems.push(`dynamically linked (it needs ${elf.interpreter}, which hosts may lack): build it with CGO_ENABLED=0, as go-handoff does`);
    }
  }
  const summary = elf ? `ELF ${elf.bits}-bit ${elf.arch} executable, ${elf.interpreter === undefined ? 'statically linked' : 'dynamically linked'}, mode ${mode}` : `mode ${mode}`;
  if (problems.length > 0) add('error', name, `${summary}: ${problems.join('; ')}; ${REPACKAGE}`);
  else if (warnings.length > 0) add('warning', name, `${summary}: ${warnings.join('; ')}`);
  else add('ok', name, summary);
  return elf?.arch;
}

function checkAddon(files: ArchiveFile[], arch: string | undefined, add: Add): void {
  const prebuilds = files.filter((file) => /^prebuilds\/[^/]+\/handoff\.node$/.test(file.name)).map((file) => file.name.split('/')[1]);
  const shipped = prebuilds.length > 0 ? `it has prebuilds for ${prebuilds.join(', ')}` : 'it has none';
  if (arch === undefined) {
    if (prebuilds.length === 0) add('error', 'prebuilds/', `no addon (prebuilds/linux-<arch>/${ADDON_FILE}): the loader cannot exec without it; ${REPACKAGE}`);
    return;
  }
  const name = `prebuilds/linux-${arch}/${ADDON_FILE}`;
  const file = files.find((f) => f.name === name);
  if (!file) {
    add('error', name, `missing: the loader needs the addon for the Go binary's architecture (linux-${arch}), and ${shipped}; ${REPACKAGE} --arch ${goArch(arch)}`);
    return;
  }
  const elf = readElf(file.data);
  if (file.type !== 'file' || !elf || elf.type !== ET_DYN) {
    add('error', name, `not a shared library (ELF type ${elf?.type ?? 'none'}): the loader could not load it; ${REPACKAGE}`);
    return;
  }
  if (elf.arch !== arch) {
    add('error', name, `built for ${elf.arch}, but the folder and the Go binary are for ${arch}: the loader could not load it; ${REPACKAGE} --arch ${goArch(arch)}`);
    return;
  }
  if (!whole(file)) {
    add('warning', name, `ELF ${elf.bits}-bit ${elf.arch} shared library of ${file.size} bytes, far larger than go-handoff's addon: which C library it needs was not checked`);
    return;
  }
  const needs = highestVersions(readVersionNeeds(file.data));
  const shown = Object.entries(needs)
    .map(([family, version]) => `${family} ${version}`)
    .join(', ');
  const newer = Object.entries(needs).filter(([family, version]) => ADDON_LIMITS[family] && compareVersions(version, ADDON_LIMITS[family]) > 0);
  const summary = `ELF ${elf.bits}-bit ${elf.arch} shared library, needs ${shown || 'no versioned symbols'}`;
  if (newer.length > 0) {
    const limits = newer.map(([family]) => `${family} ${ADDON_LIMITS[family]}`).join(', ');
    add('warning', name, `${summary}: newer than go-handoff's own build needs (${limits}), so hosts with an older C or C++ library cannot load it; use the addon \`npm run build:addon\` builds`);
  } else {
    add('ok', name, summary);
  }
}

/** exec-wrapper, for AWS_LAMBDA_EXEC_WRAPPER=/var/task/exec-wrapper (src/package/exec-wrapper.ts). */
function checkExecWrapper(file: ArchiveFile | undefined, binaryName: string, add: Add): void {
  const use = `AWS_LAMBDA_EXEC_WRAPPER=/var/task/${EXEC_WRAPPER_NAME}`;
  if (!file) {
    add('warning', EXEC_WRAPPER_NAME, `missing (an archive from before go-handoff wrote it): Lambda with ${use} would fail to start; without that variable nothing needs it; ${REPACKAGE} to add it`);
    return;
  }
  if (file.type !== 'file') {
    add('error', EXEC_WRAPPER_NAME, `${KIND_WORDS[file.type]}, not the wrapper script: Lambda with ${use} would fail to start; ${REPACKAGE}`);
    return;
  }
  const mode = file.mode.toString(8).padStart(4, '0');
  if ((file.mode & 0o111) === 0) {
    add('warning', EXEC_WRAPPER_NAME, `mode ${mode}: not executable, so Lambda's bootstrap refuses it ("is not an executable", exit 126) when ${use} is set; without that variable nothing needs it; ${REPACKAGE} to store it with mode 0755`);
    return;
  }
  if (file.data.equals(Buffer.from(execWrapperScript(binaryName)))) {
    add('ok', EXEC_WRAPPER_NAME, `POSIX sh, mode ${mode}: with ${use}, Lambda starts ${binaryName} with no Node.js`);
  } else if (file.data.subarray(0, EXEC_WRAPPER_BANNER.length).toString('latin1') === EXEC_WRAPPER_BANNER) {
    add('warning', EXEC_WRAPPER_NAME, `a go-handoff exec-wrapper, but not the one this version writes for the binary ${JSON.stringify(binaryName)} (another version, or another HANDLER, wrote it); ${REPACKAGE} to update it`);
  } else {
    add('error', EXEC_WRAPPER_NAME, `not go-handoff's exec-wrapper (it does not start with ${JSON.stringify(EXEC_WRAPPER_BANNER.split('\n')[1])}): with ${use}, Lambda would run it in node's place; ${REPACKAGE}`);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
