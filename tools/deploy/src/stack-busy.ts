import { CloudFormationClient, Stack } from '@aws-sdk/client-cloudformation';
import { DeployError } from './errors';
import { Interrupt } from './interrupt';
import { Printer } from './printer';
import { waitForStack } from './private/stack-monitor';

/** An operation is running on the stack ("Stack status codes"): a create, update, rollback or delete. */
export function isBusy(status: string | undefined): boolean {
  return status !== undefined && status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

/** Refuses a deploy of a stack another operation holds, saying which operation, since when, and `--wait`. */
export function busyError(stack: Stack, detail?: string): DeployError {
  const since = stack.LastUpdatedTime ?? stack.CreationTime;
  return new DeployError('StackBusy',
    `${stack.StackName} is ${stack.StackStatus}${since ? ` since ${since.toISOString()}` : ''}: another operation holds it ` +
    `(another deploy, the console or a pipeline${detail ? `; ${detail}` : ''}), so nothing of this deploy was executed. ` +
    'Deploy again with --wait to wait for it to settle and then proceed, or wait yourself (listbackup-deploy status) and deploy again');
}

export interface SettleOptions {
  readonly cfn: CloudFormationClient;
  readonly printer: Printer;
  readonly pollIntervalMs: number;
  readonly interrupt: Interrupt;
}

/**
 * Waits for the operation another deploy (or the console, or a pipeline) started on the stack to
 * settle, printing its events as they come, and returns the stack as it is then (undefined once
 * deleted). Ctrl-C stops waiting; the operation is not ours to stop.
 */
export async function waitUntilSettled(options: SettleOptions, stack: Stack): Promise<Stack | undefined> {
  const name = stack.StackName!;
  options.printer.line(`${name} is ${stack.StackStatus} (an operation not started by this deploy); waiting for it to settle (--wait)`);
  const settled = await waitForStack({ ...options, stackName: name, since: new Date() });
  options.printer.line(`${name}: settled at ${settled?.StackStatus ?? 'DELETE_COMPLETE'}; deploying`);
  return settled;
}
