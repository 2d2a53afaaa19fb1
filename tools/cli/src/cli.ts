import { ExitCode } from './exit-code';
import { Interrupt } from './interrupt';
import { parseCommandLine } from './parse';
import { Printer, stderrPrinter, stdoutPrinter } from './printer';
import { CliSpec, CommandSpec, Invocation, OptionSpecs } from './spec';
import { formatUsage } from './usage';
import { UsageError } from './usage-error';

/** Where one run writes, and what it watches; tests pass recording printers and their own interrupt. */
export interface RunContext<D> {
  /** @default standard output */
  readonly out?: Printer;
  /** @default standard error */
  readonly err?: Printer;
  /** @default one that is never requested */
  readonly interrupt?: Interrupt;
  /** What the tool's `run` needs from its caller (clients, fakes, a root folder). */
  readonly deps: D;
}

/** A tool's command line, ready to run in-process (tests) or as the process (`runMain`). */
export interface Cli<D> {
  readonly name: string;
  /** The generated usage text. */
  readonly usage: string;
  /** Messages of the two-stage Ctrl-C, when the tool watches its interrupt. */
  readonly interrupt?: { readonly first: string; readonly second: string };
  /** Parses `argv`, runs the tool, prints what went wrong; resolves with the exit code and never rejects. */
  run(argv: readonly string[], context: RunContext<D>): Promise<ExitCode>;
}

/** Declares a tool's command line; `run` of the result applies the one style of every ListBackup tool. */
export function defineCli<const O extends OptionSpecs = Record<never, never>, const C extends readonly CommandSpec[] = [], D = Record<never, never>>(
  spec: CliSpec<O, C, D>,
): Cli<D> {
  const usage = formatUsage(spec);
  return {
    name: spec.name,
    usage,
    interrupt: spec.interrupt,
    async run(argv, context) {
      const out = context.out ?? stdoutPrinter;
      const err = context.err ?? stderrPrinter;
      const usageError = (message: string): ExitCode => {
        err.line(`${message}\n\n${usage}`);
        return ExitCode.Usage;
      };
      try {
        const parsed = parseCommandLine(spec, argv);
        if (parsed.help) {
          out.line(usage);
          return ExitCode.Success;
        }
        const invocation = {
          command: parsed.command,
          values: parsed.values,
          positionals: parsed.positionals,
          out,
          err,
          interrupt: context.interrupt ?? new Interrupt(),
        } as unknown as Invocation<O, C>;
        return (await spec.run(invocation, context.deps)) ?? ExitCode.Success;
      } catch (error) {
        if (error instanceof UsageError) return usageError(`error: ${error.message}`);
        const errors = spec.errors;
        if (errors?.types.some((type) => error instanceof type)) {
          const { code, message } = error as Error & { code: string };
          if (errors.usageCodes?.includes(code)) return usageError(`error [${code}]: ${message}`);
          err.line(`error [${code}]: ${message}`);
          return errors.interruptedCodes?.includes(code) ? ExitCode.Interrupted : ExitCode.Failure;
        }
        err.line(`unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        return ExitCode.Failure;
      }
    },
  };
}
