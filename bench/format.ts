// How numbers look in the results. Pure.

export function requestsPerSecond(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** Milliseconds with three significant digits: 0.123, 1.23, 12.3, 123. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

export function times(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
}

export function mebibytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a';
}

/** A Markdown table from a header row and body rows; the first `textColumns` are left-aligned, the numbers after them right-aligned. */
export function table(header: string[], rows: string[][], textColumns = 1): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i < textColumns ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
