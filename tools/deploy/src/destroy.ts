import { DeleteStackCommand, UpdateTerminationProtectionCommand } from '@aws-sdk/client-cloudformation';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { bootstrapSessions } from './bootstrap-roles';
import { buildDeployGraph } from './contracts';
import { failureReport } from './deploy';
import { DeployError } from './errors';
import { exportsInUse, listDeployedExports } from './exports-in-use';
import { Interrupt } from './interrupt';
import { Printer } from './printer';
import { describeStack, failedResources, waitForStack } from './private/stack-monitor';
import { dataResources } from './template';
import { StackEvent } from '@aws-sdk/client-cloudformation';

export interface DestroyOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  readonly interrupt?: Interrupt;
  /** Destroy stacks that hold tables or buckets too (their resources are RETAINed). @default false */
  readonly force?: boolean;
  readonly concurrency?: number;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
}

/**
 * Deletes stacks in reverse dependency order. Refuses, before deleting anything, a stack holding
 * data (unless forced) and a stack whose exports a stack outside this set still imports.
 */
export async function destroyStacks(stacks: AssemblyStack[], options: DestroyOptions): Promise<string[]> {
  const cfn = options.clients.cloudFormation;
  const interrupt = options.interrupt ?? new Interrupt();
  const names = new Set(stacks.map((s) => s.stackName));
  const problems: string[] = [];
  const deployedExports = await listDeployedExports(cfn);
  for (const stack of stacks) {
    const data = dataResources(stack.template);
    if (data.length && !options.force) {
      problems.push(`${stack.stackName} holds data (${data.map((d) => `${d.logicalId} ${d.type}`).join(', ')}): pass --force to delete the stack; the retained tables and buckets stay`);
    }
    for (const use of await exportsInUse(cfn, stack.stackName, deployedExports)) {
      const outside = use.importers.filter((i) => !names.has(i));
      if (outside.length) problems.push(`${stack.stackName}: export ${use.exportName} is in use by ${outside.join(', ')}: destroy or change that stack first`);
    }
  }
  if (problems.length) {
    const code = problems.some((p) => p.includes('in use by')) ? 'ExportInUse' : 'DataStackProtected';
    throw new DeployError(code, `destroy refused, nothing was deleted:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  // Through each stack's deploy role, CloudFormation acting as its execution role, as the CDK CLI destroys.
  const sessions = await bootstrapSessions(stacks, options.clients);
  const destroyed: string[] = [];
  const graph = buildDeployGraph(stacks, { withAssets: false }).reversed();
  const result = await graph.run({
    deployStack: async (node) => {
      const name = node.stack.stackName;
      const session = sessions.get(name);
      const cfn = (session?.clients ?? options.clients).cloudFormation;
      const deployed = await describeStack(cfn, name);
      if (!deployed) {
        options.printer.line(`${name}: not deployed`);
        return;
      }
      const since = new Date();
      try {
        // Only a forced destroy gets here for a stack holding data: its protection goes with the force.
        if (deployed.EnableTerminationProtection) {
          if (!options.force) throw new DeployError('DataStackProtected', `${name} has termination protection on: pass --force to turn it off and delete the stack`);
          await cfn.send(new UpdateTerminationProtectionCommand({ StackName: name, EnableTerminationProtection: false }));
        }
        await cfn.send(new DeleteStackCommand({ StackName: name, ...(session?.executionRoleArn ? { RoleARN: session.executionRoleArn } : {}) }));
      } catch (err) {
        throw explainAwsError(err, `deleting ${name}`);
      }
      const events: StackEvent[] = [];
      const after = await waitForStack({ cfn, stackName: name, since, events, printer: options.printer, pollIntervalMs: options.pollIntervalMs ?? 2000, interrupt });
      if (after && after.StackStatus !== 'DELETE_COMPLETE') {
        throw new DeployError('StackFailed', `${name}: ${after.StackStatus}\n` +
          failedResources(name, events).map((f) => `  ${f.logicalId} (${f.type}): ${f.reason}`).join('\n'));
      }
      options.printer.line(`${name}: destroyed`);
      destroyed.push(name);
    },
    publishAsset: async () => undefined,
  }, { concurrency: options.concurrency, stopRequested: () => interrupt.requested });
  const failure = failureReport('destroy', result);
  if (failure) throw failure;
  return destroyed;
}
