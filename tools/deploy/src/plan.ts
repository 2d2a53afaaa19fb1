import { templateArgument } from './deploy-stack';
import { CloudFormationClient, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { bootstrapSessions } from './bootstrap-roles';
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
  await checkStacks(options.clients, stacks);
  // Through each stack's deploy role, with its execution role, as a deploy would create them.
  const sessions = await bootstrapSessions(stacks, options.clients);
  const counts: Record<string, number> = {};
  for (const stack of stacks) {
    const session = sessions.get(stack.stackName);
    const cfn = (session?.clients ?? options.clients).cloudFormation;
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
      roleArn: session?.executionRoleArn,
    }).catch(async (err) => {
      if (!deployed) await removeReviewStack(cfn, stack.stackName);
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
    if (!deployed) await removeReviewStack(cfn, stack.stackName);
  }
  return counts;
}

async function removeReviewStack(cfn: CloudFormationClient, stackName: string): Promise<void> {
  const stack = await describeStack(cfn, stackName);
  if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS') return;
  try {
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
  } catch (err) {
    throw explainAwsError(err, `removing the planned-only stack ${stackName}`);
  }
}
