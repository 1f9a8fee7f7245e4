// The words of `go-handoff inspect`: the archive's entries, each check, and
// the verdict. Every name and message passes through printable(): they come
// from the archive, and a name must not be able to act on the terminal or
// forge a line of the report. Pure.
import { formatBytes } from '../cli/format';
import { MIN_NODE } from '../loader/runtime-support';
import type { EntryKind } from '../package/archive-rules';
import { printable } from '../printable';
import type { Finding } from './archive-checks';
import type { Inspection } from './inspect-archive';

const MARKS = { ok: '✓', warning: '!', error: '✗' } as const;

/** ls -l style: -rwxr-xr-x. */
export function modeString(file: { type: EntryKind; mode: number }): string {
  const kind = { file: '-', directory: 'd', symlink: 'l', hardlink: 'h', device: 'c', fifo: 'p', other: '?' }[file.type];
  const bits = [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1].map((bit, i) => (file.mode & bit ? 'rwx'[i % 3] : '-')).join('');
  return kind + bits;
}

export function inspectionReport(inspection: Inspection, shownName: string): string {
  const { entries, findings } = inspection;
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sizes = sorted.map((entry) => (entry.type === 'file' ? formatBytes(entry.size) : ''));
  const width = Math.max(...sizes.map((s) => s.length), 0);
  const lines = [
    `${printable(shownName)}: ${inspection.format}, ${formatBytes(inspection.bytes)}, ${entries.length} entries`,
    ...sorted.map((entry, i) => {
      const name = `${entry.name}${entry.type === 'directory' ? '/' : ''}${entry.linkTarget !== undefined ? ` -> ${entry.linkTarget}` : ''}`;
      return `  ${modeString(entry)}  ${sizes[i].padStart(width)}  ${printable(name)}`;
    }),
    '',
    'Checks:',
    ...findings.map(findingLine),
  ];
  return lines.join('\n');
}

/** The last line on success, or the reasons on failure. */
export function inspectionVerdict(inspection: Inspection, shownName: string): string {
  const shown = printable(shownName);
  if (inspection.runs) {
    return `${shown} would run on ${inspection.arch ? `linux-${inspection.arch}` : 'Linux'} hosts (Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later).`;
  }
  const errors = inspection.findings.filter((f: Finding) => f.severity === 'error');
  return `${shown} would not run:\n${errors.map((f) => `  - ${printable(f.subject)}: ${printable(f.message)}`).join('\n')}`;
}

function findingLine(finding: Finding): string {
  return `  ${MARKS[finding.severity]} ${printable(finding.subject)}: ${printable(finding.message)}`;
}
