/** Where the tool writes what a person reads; tests pass one that records the lines. */
export interface Printer {
  line(text: string): void;
}

export const consolePrinter: Printer = {
  line: (text) => process.stdout.write(text + '\n'),
};

/** Fixed-width columns, the first row being the header. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
