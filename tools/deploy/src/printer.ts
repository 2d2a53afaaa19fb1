// Where the tool writes what a person reads; tests pass a RecordingPrinter.
export type { Printer } from '@listbackup/cli';

/** Fixed-width columns, the first row being the header. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
