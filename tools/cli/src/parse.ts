import { parseArgs } from 'node:util';
import { CommandSpec, OptionSpec, OptionSpecs } from './spec';
import { UsageError } from './usage-error';

/** `--help` and `-h`, which every tool takes. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'print this usage and exit' };

/** What a command line asks for: the usage, or a command with its values. */
export type ParsedCommandLine =
  | { readonly help: true }
  | { readonly help: false; readonly command?: string; readonly values: Record<string, unknown>; readonly positionals: string[] };

interface ParseSpec {
  readonly options?: OptionSpecs;
  readonly commands?: readonly CommandSpec[];
  readonly args?: string;
}

/**
 * Reads `argv` against the spec with `node:util` parseArgs (its tokens), then checks what
 * parseArgs leaves to the caller: which command, options of another command, values that are
 * missing, not whole numbers or not among the choices. Any of these throws a `UsageError` that
 * names the argument. `--help` anywhere before `--` wins over every other error.
 */
export function parseCommandLine(spec: ParseSpec, argv: readonly string[]): ParsedCommandLine {
  const commandOptions = new Map<string, CommandSpec>();
  const all: Record<string, OptionSpec> = { ...spec.options, help: HELP_OPTION };
  for (const command of spec.commands ?? []) {
    for (const [name, option] of Object.entries(command.options ?? {})) {
      all[name] = option;
      commandOptions.set(name, command);
    }
  }
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: Object.fromEntries(Object.entries(all).map(([name, o]) => [name, { type: o.type === 'boolean' ? 'boolean' as const : 'string' as const, ...(o.short ? { short: o.short } : {}) }])),
  });

  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
  const before = terminator < 0 ? tokens : tokens.slice(0, terminator);
  if (before.some((t) => t.kind === 'option' && t.name === 'help')) return { help: true };

  const positionals = tokens.filter((t) => t.kind === 'positional').map((t) => t.value);
  let command: CommandSpec | undefined;
  if (spec.commands) {
    const name = positionals.shift();
    const names = spec.commands.map((c) => c.name).join(', ');
    if (name === undefined) throw new UsageError(`no command given: use one of ${names}`);
    command = spec.commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command '${name}': use one of ${names}`);
  }
  const values: Record<string, unknown> = {};
  for (const token of before) {
    if (token.kind !== 'option') continue;
    // parseArgs names a known short option by its long name; an unknown one keeps its letter.
    const name = token.name;
    const option = Object.hasOwn(all, name) && (token.rawName.startsWith('--') || all[name].short) ? all[name] : undefined;
    if (!option) throw new UsageError(`unknown option '${token.rawName}'`);
    const owner = commandOptions.get(name);
    if (owner && owner !== command) {
      throw new UsageError(`--${name} is an option of '${owner.name}', not of ${command ? `'${command.name}'` : 'this command'}`);
    }
    values[name] = valueOf(name, option, token, values[name]);
  }
  const args = command ? command.args : spec.args;
  if (args === undefined && positionals.length) {
    throw new UsageError(`unexpected argument '${positionals[0]}': ${command ? `'${command.name}' takes` : 'it takes'} no positional argument`);
  }
  for (const [name, option] of Object.entries(all)) {
    if (option.type !== 'boolean' && option.default !== undefined && values[name] === undefined && (!commandOptions.has(name) || commandOptions.get(name) === command)) {
      values[name] = Array.isArray(option.default) ? [...option.default] : option.default;
    }
  }
  return { help: false, command: command?.name, values, positionals };
}

type OptionToken = { rawName: string; value?: string; inlineValue?: boolean };

function valueOf(name: string, option: OptionSpec, token: OptionToken, previous: unknown): unknown {
  if (option.type === 'boolean') {
    if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value: give it alone, as ${token.rawName}`);
    return true;
  }
  const raw = token.value;
  // parseArgs takes the next argument as the value even when it is another option: that is a missing value.
  if (raw === undefined || (!token.inlineValue && raw.startsWith('-') && raw !== '-')) {
    throw new UsageError(`--${name} needs a value: --${name} ${option.value} (a value starting with '-' goes as --${name}=<value>)`);
  }
  if (option.type === 'integer') {
    const n = Number(raw);
    const min = option.min ?? Number.MIN_SAFE_INTEGER;
    const max = option.max ?? Number.MAX_SAFE_INTEGER;
    if (!/^-?\d+$/.test(raw) || n < min || n > max) {
      const range = option.min !== undefined && option.max !== undefined ? ` from ${option.min} to ${option.max}`
        : option.min !== undefined ? ` of at least ${option.min}` : option.max !== undefined ? ` of at most ${option.max}` : '';
      throw new UsageError(`--${name} '${raw}' is invalid: use a whole number${range}`);
    }
    return n;
  }
  if (option.choices && !option.choices.includes(raw)) {
    throw new UsageError(`--${name} '${raw}' is invalid: use ${listOf(option.choices)}`);
  }
  return option.multiple ? [...((previous as string[] | undefined) ?? []), raw] : raw;
}

/** `a`, `a or b`, `a, b or c`. */
function listOf(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
