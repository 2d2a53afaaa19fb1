import { AssemblyStack } from './assembly';
import { DeployError } from './errors';

/** `*` matches any run of characters; everything else is literal. */
function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * The stacks the command line names: every stack of the assemblies when it names none, else those
 * matching any of the names or `*` patterns. A pattern that matches no stack is an error, before
 * anything is called: a typo must never widen or redirect what a command touches.
 *
 * @param stage when set (the `STAGE` environment variable), every selected stack must belong to it.
 */
export function selectStacks(stacks: AssemblyStack[], patterns: string[], stage?: string): AssemblyStack[] {
  let selected = stacks;
  if (patterns.length) {
    const unmatched = patterns.filter((p) => !stacks.some((s) => globToRegExp(p).test(s.stackName)));
    if (unmatched.length) {
      throw new DeployError('UsageError',
        `${unmatched.map((p) => `'${p}'`).join(', ')} match${unmatched.length === 1 ? 'es' : ''} no stack of the assemblies ` +
        `(${stacks.map((s) => s.stackName).join(', ') || 'none'}): nothing was done. Name a stack, or a pattern such as 'listbackup-*-dynamodb-*'`);
    }
    selected = stacks.filter((s) => patterns.some((p) => globToRegExp(p).test(s.stackName)));
  }
  if (stage) {
    const other = selected.filter((s) => !s.stackName.endsWith(`-${stage}`));
    if (other.length) {
      throw new DeployError('UsageError',
        `STAGE is '${stage}' but ${other.map((s) => s.stackName).join(', ')} ${other.length === 1 ? 'belongs' : 'belong'} to another stage: nothing was done. ` +
        `Synthesize the assemblies for '${stage}' (STAGE=${stage} npx projen synth), or unset STAGE`);
    }
  }
  return selected;
}

/**
 * Asks before a destroy: the names of the stacks typed back, as a list separated by spaces or commas.
 * `--yes` skips it; without a terminal and without `--yes` the destroy is refused.
 */
export async function confirmDestroy(stacks: AssemblyStack[], options: { yes?: boolean; ask?: (question: string) => Promise<string> }): Promise<void> {
  if (options.yes || stacks.length === 0) return;
  const names = stacks.map((s) => s.stackName);
  if (!options.ask) {
    throw new DeployError('UsageError', `destroy of ${names.join(', ')} needs confirmation and there is no terminal to ask: pass --yes. Nothing was deleted`);
  }
  const answer = await options.ask(`destroy ${names.join(', ')}? type the stack name${names.length === 1 ? '' : 's'} to confirm: `);
  const typed = answer.split(/[\s,]+/).filter(Boolean).sort();
  if (JSON.stringify(typed) !== JSON.stringify([...names].sort())) {
    throw new DeployError('UsageError', `the names typed back (${answer.trim() || 'nothing'}) are not ${names.join(', ')}: nothing was deleted`);
  }
}
