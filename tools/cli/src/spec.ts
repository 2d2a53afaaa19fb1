import { CommandResult } from './exit-code';
import { Interrupt } from './interrupt';
import { Printer } from './printer';

interface OptionBase {
  /** One line (or several, joined with `\n`) for the usage. */
  readonly description: string;
  /** A one-letter alias: `-y` for `--yes`. */
  readonly short?: string;
}

/** `--force`: present or not. */
export interface BooleanOption extends OptionBase {
  readonly type: 'boolean';
}

/** `--assembly <dir>`: a value, or with `multiple` one value each time the option is given. */
export interface StringOption extends OptionBase {
  readonly type: 'string';
  /** The value's placeholder in the usage, e.g. `<dir>`. */
  readonly value: string;
  readonly multiple?: boolean;
  /** The values admitted; any other is a usage error that lists them. @default - any value */
  readonly choices?: readonly string[];
  /** The value when the option is not given (shown in the usage). @default - undefined */
  readonly default?: string | readonly string[];
}

/** `--concurrency <n>`: a whole number, checked against `min` and `max`. */
export interface IntegerOption extends OptionBase {
  readonly type: 'integer';
  readonly value: string;
  readonly min?: number;
  readonly max?: number;
  readonly default?: number;
}

export type OptionSpec = BooleanOption | StringOption | IntegerOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command of a tool with several, `listbackup-local-aws start`. */
export interface CommandSpec {
  readonly name: string;
  /**
   * The positional arguments it takes, as the usage shows them (`[<stage>]`, `[stack]...`); `''`
   * takes those the tool's synopsis names for every command, and shows nothing more.
   * @default - none: a positional argument is a usage error
   */
  readonly args?: string;
  readonly description: string;
  /** Options only this command takes (another command given one is a usage error). @default - none */
  readonly options?: OptionSpecs;
}

type OptionValue<S> =
  S extends BooleanOption ? boolean :
  S extends IntegerOption ? number :
  S extends { readonly choices: readonly (infer C)[] } ? (S extends { readonly multiple: true } ? C[] : C) :
  S extends { readonly multiple: true } ? string[] : string;

/** The parsed values: an option with a default is always there, any other only when given. */
export type OptionValues<O> =
  { readonly [K in keyof O as O[K] extends { readonly default: unknown } ? K : never]: OptionValue<O[K]> } &
  { readonly [K in keyof O as O[K] extends { readonly default: unknown } ? never : K]?: OptionValue<O[K]> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The options of every command, each optional (it is there only for the command that takes it). */
type CommandOptionValues<C extends readonly CommandSpec[]> =
  UnionToIntersection<{ [I in keyof C]: C[I] extends { readonly options: infer O } ? Partial<OptionValues<O>> : Record<never, never> }[number]>;

/** One run of the tool, as its `run` sees it. */
export interface Invocation<O extends OptionSpecs, C extends readonly CommandSpec[]> {
  /** The command given (a tool without commands has none). */
  readonly command: C extends readonly [] ? undefined : C[number]['name'];
  readonly values: OptionValues<O> & CommandOptionValues<C>;
  /** The positional arguments after the command. */
  readonly positionals: string[];
  readonly out: Printer;
  readonly err: Printer;
  readonly interrupt: Interrupt;
}

/** An error class of the tool itself: every instance carries a code and a message written for people. */
export type ToolErrorType = abstract new (...args: never[]) => Error & { readonly code: string };

/** How the tool's own errors map to exit codes (every other thrown error is unexpected: exit 1 with its stack). */
export interface ToolErrors {
  /** The tool's error classes: printed `error [<code>]: <message>`, exit 1. */
  readonly types: readonly ToolErrorType[];
  /** Codes that mean the command line asked for something impossible: exit 2, with the usage. @default - none */
  readonly usageCodes?: readonly string[];
  /** Codes that mean the work stopped because of Ctrl-C: exit 130. @default - none */
  readonly interruptedCodes?: readonly string[];
}

/**
 * A tool's command line, declared: its commands, options and positionals. The parser, the usage
 * (`--help`), the exit codes and the error output all come from it.
 */
export interface CliSpec<O extends OptionSpecs, C extends readonly CommandSpec[], D> {
  /** The command's name, `listbackup-deploy`. */
  readonly name: string;
  /** What follows the name on the usage line. @default `<command> [options]`, or `[options]` and `args` without commands */
  readonly synopsis?: string;
  /** A paragraph under the usage line. @default - none */
  readonly description?: string;
  /** The commands; none for a tool that does one thing. @default - none */
  readonly commands?: C;
  /** Positional arguments of a tool without commands, as the usage shows them. @default - none */
  readonly args?: string;
  /** Options every command takes (`--help`/`-h` is added). @default - none */
  readonly options?: O;
  /** What exit code 1 means for this tool, after "1 ". @default "failure (the message says what failed)" */
  readonly failureMeans?: string;
  readonly errors?: ToolErrors;
  /**
   * A tool whose work watches `Invocation.interrupt`: the first Ctrl-C prints `first` and requests
   * the interrupt, the second prints `second` and exits 130 at once. Without this, Ctrl-C ends the
   * tool at once, as it ends any process (the shell sees 130).
   * @default - Ctrl-C ends the tool at once
   */
  readonly interrupt?: { readonly first: string; readonly second: string };
  /** Does the work. Usage errors are thrown as `UsageError`, failures as the tool's own errors. */
  run(invocation: Invocation<O, C>, deps: D): CommandResult | Promise<CommandResult>;
}
