// The words of `go-handoff inspect`: the archive's entries, each check, and
// the verdict. Pure.
import { formatBytes } from '../cli/format';
import { MIN_NODE } from '../loader/runtime-support';
import type { ArchiveFile } from '../package/read-archive';
import type { Finding } from './archive-checks';
import type { Inspection } from './inspect-archive';

const MARKS = { ok: '✓', warning: '!', error: '✗' } as const;

/** ls -l style: -rwxr-xr-x. */
export function modeString(file: Pick<ArchiveFile, 'type' | 'mode'>): string {
  const kind = { file: '-', directory: 'd', symlink: 'l', other: '?' }[file.type];
  const bits = [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1].map((bit, i) => (file.mode & bit ? 'rwx'[i % 3] : '-')).join('');
  return kind + bits;
}

export function inspectionReport(inspection: Inspection, shownName: string): string {
  const { contents, findings } = inspection;
  const files = [...contents.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sizes = files.map((file) => (file.type === 'file' ? formatBytes(file.data.length) : ''));
  const width = Math.max(...sizes.map((s) => s.length), 0);
  const lines = [
    `${shownName}: ${contents.format}, ${formatBytes(inspection.bytes)}, ${files.length} entries`,
    ...files.map((file, i) => `  ${modeString(file)}  ${sizes[i].padStart(width)}  ${file.name}${file.type === 'directory' ? '/' : ''}`),
    '',
    'Checks:',
    ...findings.map((f) => `  ${MARKS[f.severity]} ${f.subject}: ${f.message}`),
  ];
  return lines.join('\n');
}

/** The last line on success, or the reasons on failure. */
export function inspectionVerdict(inspection: Inspection, shownName: string): string {
  if (inspection.runs) {
    return `${shownName} would run on ${inspection.arch ? `linux-${inspection.arch}` : "Linux"} hosts (Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later).`;
  }
  const errors = inspection.findings.filter((f: Finding) => f.severity === 'error');
  return `${shownName} would not run:\n${errors.map((f) => `  - ${f.subject}: ${f.message}`).join('\n')}`;
}
