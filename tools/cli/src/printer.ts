/** Where a tool writes what a person reads, one line at a time; tests pass a `RecordingPrinter`. */
export interface Printer {
  line(text: string): void;
}

/** Standard output: results, tables, the usage asked for with --help. */
export const stdoutPrinter: Printer = {
  line: (text) => process.stdout.write(text + '\n'),
};

/** Standard error: progress, warnings, errors and the usage after a usage error. */
export const stderrPrinter: Printer = {
  line: (text) => process.stderr.write(text + '\n'),
};

/** Keeps every line it is given, for a test to read back. */
export class RecordingPrinter implements Printer {
  public readonly lines: string[] = [];

  public line(text: string): void {
    this.lines.push(text);
  }

  /** Everything printed, lines joined with `\n`. */
  public get text(): string {
    return this.lines.join('\n');
  }
}
