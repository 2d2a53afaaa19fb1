import { templateArgument } from './deploy-stack';
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { Printer } from './printer';
import { createChangeSet, deleteChangeSet, printChanges } from './private/change-set';
import { describeStack } from './private/stack-monitor';
import { checkStacks } from './deploy';

export interface PlanOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
}

/**
 * Shows what a deploy would change through change sets, executing nothing. Each change set is
 * deleted afterwards, and so is the empty REVIEW_IN_PROGRESS stack a CREATE change set leaves.
 */
export async function planStacks(stacks: AssemblyStack[], options: PlanOptions): Promise<Record<string, number>> {
  const cfn = options.clients.cloudFormation;
  await checkStacks(options.clients, stacks);
  const counts: Record<string, number> = {};
  for (const stack of stacks) {
    const deployed = await describeStack(cfn, stack.stackName);
    const creates = !deployed || deployed.StackStatus === 'REVIEW_IN_PROGRESS' || deployed.StackStatus === 'ROLLBACK_COMPLETE';
    if (deployed?.StackStatus === 'ROLLBACK_COMPLETE') {
      options.printer.line(`${stack.stackName}: ROLLBACK_COMPLETE; a deploy deletes it and creates it again with every resource below`);
    }
    const changeSet = await createChangeSet(cfn, {
      stackName: stack.stackName,
      type: deployed && !creates ? 'UPDATE' : 'CREATE',
      // Over 51,200 bytes the template goes by TemplateURL through the staging bucket, as a deploy does.
      template: await templateArgument(options, stack),
      parameters: [],
      tags: Object.entries(stack.tags).map(([Key, Value]) => ({ Key, Value })),
      pollIntervalMs: options.pollIntervalMs ?? 2000,
    }).catch(async (err) => {
      if (!deployed) await removeReviewStack(options, stack.stackName);
      throw err;
    });
    if (!changeSet.description) {
      options.printer.line(`${stack.stackName}: no changes`);
      counts[stack.stackName] = 0;
      continue;
    }
    const changes = changeSet.description.Changes ?? [];
    printChanges(options.printer, stack.stackName, changes);
    counts[stack.stackName] = changes.length;
    await deleteChangeSet(cfn, stack.stackName, changeSet.name);
    if (!deployed) await removeReviewStack(options, stack.stackName);
  }
  return counts;
}

async function removeReviewStack(options: PlanOptions, stackName: string): Promise<void> {
  const stack = await describeStack(options.clients.cloudFormation, stackName);
  if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS') return;
  try {
    await options.clients.cloudFormation.send(new DeleteStackCommand({ StackName: stackName }));
  } catch (err) {
    throw explainAwsError(err, `removing the planned-only stack ${stackName}`);
  }
}
