import { HELP_OPTION } from './parse';
import { CommandSpec, OptionSpec, OptionSpecs } from './spec';

interface UsageSpec {
  readonly name: string;
  readonly synopsis?: string;
  readonly description?: string;
  readonly commands?: readonly CommandSpec[];
  readonly args?: string;
  readonly options?: OptionSpecs;
  readonly failureMeans?: string;
}

/** Left columns wider than this put their description after two spaces instead of in the column. */
const COMMAND_COLUMN = 20;
const OPTION_COLUMN = 26;

/** The usage text, generated from the spec: what `--help` prints and what follows a usage error. */
export function formatUsage(spec: UsageSpec): string {
  const synopsis = spec.synopsis ?? (spec.commands ? '<command> [options]' : ['[options]', spec.args].filter(Boolean).join(' '));
  const sections = [`usage: ${spec.name} ${synopsis}`];
  if (spec.description) sections.push(spec.description);
  if (spec.commands?.length) {
    sections.push(['commands:', ...rows(spec.commands.map((c) => [[c.name, c.args].filter(Boolean).join(' '), c.description]), COMMAND_COLUMN)].join('\n'));
  }
  const options: [string, string][] = Object.entries(spec.options ?? {}).map(([name, o]) => [optionLabel(name, o), optionText(o)]);
  for (const command of spec.commands ?? []) {
    for (const [name, o] of Object.entries(command.options ?? {})) options.push([optionLabel(name, o), `${command.name}: ${optionText(o)}`]);
  }
  options.push([optionLabel('help', HELP_OPTION), HELP_OPTION.description]);
  sections.push(['options:', ...rows(options, OPTION_COLUMN)].join('\n'));
  sections.push(`exit codes: 0 success; 1 ${spec.failureMeans ?? 'failure (the message says what failed)'}; 2 bad usage (nothing was done); 130 stopped by Ctrl-C`);
  return sections.join('\n\n');
}

function optionLabel(name: string, option: OptionSpec): string {
  const long = option.type === 'boolean' ? `--${name}` : `--${name} ${option.value}`;
  return option.short ? `-${option.short}, ${long}` : long;
}

function optionText(option: OptionSpec): string {
  const notes: string[] = [];
  if (option.type === 'string' && option.multiple) notes.push('(repeatable)');
  if (option.type !== 'boolean' && option.default !== undefined) notes.push(`[default: ${[option.default].flat().join(' ')}]`);
  return [option.description, ...notes].join(' ');
}

/** Two columns; a description of several lines continues under its first. */
function rows(items: readonly (readonly [string, string])[], maxColumn: number): string[] {
  const width = Math.max(0, ...items.map(([left]) => left.length).filter((n) => n <= maxColumn)) + 2;
  return items.map(([left, text]) => {
    const [first, ...more] = text.split('\n');
    const head = left.length + 2 > width ? `  ${left}  ${first}` : `  ${left.padEnd(width)}${first}`;
    return [head, ...more.map((line) => `  ${' '.repeat(width)}${line}`)].join('\n');
  });
}
