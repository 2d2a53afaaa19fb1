import { ContinueUpdateRollbackCommand, RollbackStackCommand, StackEvent } from '@aws-sdk/client-cloudformation';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { bootstrapSessions } from './bootstrap-roles';
import { DeployError } from './errors';
import { Interrupt } from './interrupt';
import { formatTable, Printer } from './printer';
import { describeStack, failedResources, waitForStack } from './private/stack-monitor';
import { busyError, isBusy } from './stack-busy';

export interface RollbackOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  readonly interrupt?: Interrupt;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /**
   * Resources (logical ids) to leave as they are when continuing a failed rollback
   * (ContinueUpdateRollback `ResourcesToSkip`): only for resources fixed by hand.
   */
  readonly orphan?: readonly string[];
}

export interface RollbackResult {
  readonly stackName: string;
  /** The status before, and after (`-` when nothing was done). */
  readonly from: string;
  readonly to: string;
}

/**
 * Gets each stack out of a failed state, through the stack's deploy role and execution role:
 * - `CREATE_FAILED` / `UPDATE_FAILED` (a deploy with `--no-rollback`): RollbackStack, back to the
 *   last stable state;
 * - `UPDATE_ROLLBACK_FAILED`: ContinueUpdateRollback, skipping the `orphan` resources.
 * A settled stack has nothing to roll back; a busy one is refused. Every stack is checked before
 * any is rolled back.
 */
export async function rollbackStacks(stacks: AssemblyStack[], options: RollbackOptions): Promise<RollbackResult[]> {
  const interrupt = options.interrupt ?? new Interrupt();
  const sessions = await bootstrapSessions(stacks, options.clients);
  const plans: { stack: AssemblyStack; from: string }[] = [];
  const results: RollbackResult[] = [];
  for (const stack of stacks) {
    const deployed = await describeStack(options.clients.cloudFormation, stack.stackName);
    const from = deployed?.StackStatus ?? 'NOT_DEPLOYED';
    if (deployed && isBusy(from)) throw busyError(deployed);
    if (['CREATE_FAILED', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_FAILED'].includes(from)) plans.push({ stack, from });
    else results.push({ stackName: stack.stackName, from, to: '-' });
  }
  const orphan = options.orphan ?? [];
  if (orphan.length && !plans.some((p) => p.from === 'UPDATE_ROLLBACK_FAILED')) {
    throw new DeployError('UsageError', `--orphan ${orphan.join(', ')}: no selected stack is UPDATE_ROLLBACK_FAILED, the only state a resource can be skipped in: nothing was done`);
  }
  for (const { stack, from } of plans) {
    const name = stack.stackName;
    const session = sessions.get(name);
    const cfn = (session?.clients ?? options.clients).cloudFormation;
    const role = session?.executionRoleArn ? { RoleARN: session.executionRoleArn } : {};
    const since = new Date();
    try {
      if (from === 'UPDATE_ROLLBACK_FAILED') {
        options.printer.line(`${name}: continuing the failed rollback${orphan.length ? `, leaving ${orphan.join(', ')} as they are` : ''}`);
        await cfn.send(new ContinueUpdateRollbackCommand({ StackName: name, ...(orphan.length ? { ResourcesToSkip: [...orphan] } : {}), ...role }));
      } else {
        options.printer.line(`${name}: rolling back from ${from} to its last stable state`);
        await cfn.send(new RollbackStackCommand({ StackName: name, ...role }));
      }
    } catch (err) {
      throw explainAwsError(err, `rolling back ${name}`);
    }
    const events: StackEvent[] = [];
    const after = await waitForStack({ cfn, stackName: name, since, events, printer: options.printer, pollIntervalMs: options.pollIntervalMs ?? 2000, interrupt });
    const to = after?.StackStatus ?? 'DELETE_COMPLETE';
    results.push({ stackName: name, from, to });
    if (to !== 'UPDATE_ROLLBACK_COMPLETE' && to !== 'ROLLBACK_COMPLETE' && to !== 'DELETE_COMPLETE') {
      const failed = failedResources(name, events);
      throw new DeployError('RollbackFailed', `${name}: the rollback ended ${to}\n` +
        failed.map((f) => `  ${f.logicalId} (${f.type}): ${f.reason}`).join('\n') +
        `\nFix the cause and run 'listbackup-deploy rollback ${name}' again` +
        (failed.length ? `, or leave what you fixed by hand as it is: ${[...new Set(failed.map((f) => `--orphan ${f.logicalId}`))].join(' ')}` : ''));
    }
  }
  options.printer.line(formatTable([['STACK', 'FROM', 'TO'], ...results.map((r) => [r.stackName, r.from, r.to === '-' ? 'nothing to roll back' : r.to])]));
  return results;
}
