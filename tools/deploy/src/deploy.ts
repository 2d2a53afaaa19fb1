import { preflight } from './preflight';
import { RequireApproval } from './security-gate';
import { AssemblyStack, readAssembly } from './assembly';
import { AwsClients } from './aws';
import { assertContracts, buildDeployGraph } from './contracts';
import { DeployMethod, deployStack, StackDeployResult } from './deploy-stack';
import { DeployError, isDeployError } from './errors';
import { listDeployedExports } from './exports-in-use';
import { AssetPublisher } from './publish-assets';
import { assertDockerForImageAssets } from './docker-assets';
import { Interrupt } from './interrupt';
import { formatTable, Printer } from './printer';
import { WorkGraphResult } from './work-graph';
import { isFailedOperation, prepareStage, protectStack, recordOutcome } from './stage-deploy';
import { deployStackSet, StackSetDeployResult } from './stack-sets';
import { stageEnvironmentOf } from './stage-environment';

export interface DeployOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  /** @default a fresh one, never requested */
  readonly interrupt?: Interrupt;
  /** @default 'change-set' */
  readonly method?: DeployMethod;
  /** @default 4 */
  readonly concurrency?: number;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /** Parameter values by stack name (`*` for every stack), overriding the templates' defaults. */
  readonly parameters?: Record<string, Record<string, string>>;
  /** Tags added to every stack (see `StackDeployOptions.tags`). */
  readonly tags?: Record<string, string>;
  readonly notificationArns?: readonly string[];
  readonly disableRollback?: boolean;
  /** Resources whose data loss is allowed (see `StackDeployOptions.allowDataLoss`). @default none */
  readonly allowDataLoss?: readonly string[];
  /** When IAM and resource-policy changes must be approved. @default 'broadening' */
  readonly requireApproval?: RequireApproval;
  /** Asks the user to approve security changes; without it they are refused. */
  readonly ask?: (question: string) => Promise<string>;
  /** The git repository whose HEAD each ledger entry records. @default the current directory */
  readonly repository?: string;
  /**
   * Stacks of the stage that are not deployed now but whose exports count as deployed, for a
   * StackSet stage, where the exports live in each target and not in the deploying account.
   */
  readonly deployedAlongside?: AssemblyStack[];
  /** Wait for an operation another deploy holds a stack with, then deploy it (`--wait`). @default false */
  readonly wait?: boolean;
}

/** Every stack of the given assemblies, once each (the same stack may be in two assemblies). */
export function readStacks(assemblyDirs: string[]): AssemblyStack[] {
  const byName = new Map<string, AssemblyStack>();
  for (const dir of assemblyDirs) for (const stack of readAssembly(dir).stacks) if (!byName.has(stack.stackName)) byName.set(stack.stackName, stack);
  return [...byName.values()];
}

/** Every `--parameters` value names a stack being deployed and a parameter its template declares. */
function assertParametersDeclared(stacks: AssemblyStack[], parameters: Record<string, Record<string, string>>): void {
  for (const [stackName, values] of Object.entries(parameters)) {
    const targets = stackName === '*' ? stacks : stacks.filter((s) => s.stackName === stackName);
    if (!targets.length) throw new DeployError('UsageError', `--parameters ${stackName}:…: no stack ${stackName} is being deployed (${stacks.map((s) => s.stackName).join(', ')}): nothing was done`);
    for (const key of Object.keys(values)) {
      if (!targets.some((s) => s.template.Parameters?.[key])) {
        throw new DeployError('UsageError', `--parameters ${stackName === '*' ? '' : `${stackName}:`}${key}=…: ${targets.map((s) => s.stackName).join(', ')} declare${targets.length === 1 ? 's' : ''} no parameter ${key}: nothing was done`);
      }
    }
  }
}

/** Proves the contracts of the stacks against what is deployed; throws on the first broken rule set. */
export async function checkStacks(clients: AwsClients, stacks: AssemblyStack[]): Promise<void> {
  assertContracts(stacks, await listDeployedExports(clients.cloudFormation));
}

export function failureReport(what: string, result: WorkGraphResult): DeployError | undefined {
  const interrupted = result.stopped || result.failed.some((f) => isDeployError(f.error, 'Interrupted'));
  const realFailures = result.failed.filter((f) => !isDeployError(f.error, 'Interrupted'));
  if (!interrupted && realFailures.length === 0) return undefined;
  const lines = [
    ...realFailures.map((f) => `failed: ${f.id}\n${indent(f.error instanceof Error ? f.error.message : String(f.error))}`),
    ...result.failed.filter((f) => isDeployError(f.error, 'Interrupted')).map((f) => `left running: ${(f.error as Error).message}`),
    ...(result.skipped.length ? [`not started: ${result.skipped.join(', ')}`] : []),
    ...(result.done.length ? [`done: ${result.done.join(', ')}`] : []),
  ];
  if (realFailures.length) {
    return new DeployError('WorkFailed', `${what} failed:\n${lines.join('\n')}`, { cause: realFailures[0].error });
  }
  return new DeployError('Interrupted',
    `${what} stopped on request: operations already started keep running in CloudFormation.\n${lines.join('\n')}\n` +
    'To resume, wait until `listbackup-deploy status` shows no *_IN_PROGRESS stack, then run the same command again: ' +
    'finished stacks report "no changes".');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}

/**
 * Deploys the stacks of one or more cloud assemblies in dependency order: contracts first, then
 * assets, then each stack once everything it imports from is deployed.
 */
export async function deployStacks(stacks: AssemblyStack[], options: DeployOptions): Promise<StackDeployResult[]> {
  const interrupt = options.interrupt ?? new Interrupt();
  const started = Date.now();
  assertParametersDeclared(stacks, options.parameters ?? {});
  assertDockerForImageAssets(stacks);
  const environment = stacks.map(stageEnvironmentOf).find(Boolean);
  const stackSets = environment?.deployment === 'stack-set' ? environment : undefined;
  if (stackSets) {
    // Exports live in each target account and region: the graph and the stacks deployed with it prove them.
    assertContracts(stacks, (options.deployedAlongside ?? []).flatMap((s) => Object.values(s.template.Outputs ?? {})
      .filter((o) => typeof o.Export?.Name === 'string').map((o) => ({ name: String(o.Export!.Name), value: '', stackName: s.stackName }))));
  } else {
    await checkStacks(options.clients, stacks);
  }
  const sessions = await preflight(stacks, options.clients);
  const publisher = new AssetPublisher(options.clients, options.printer);
  await publisher.assumeRoles(stacks);
  const stage = await prepareStage(stacks, options.clients, { repository: options.repository, requireApproval: options.requireApproval });
  // A protected stage needs approval of any change, whatever the default.
  const requireApproval = stage.environment?.protected ? 'any-change' : options.requireApproval;
  const results: StackDeployResult[] = [];
  const partial: StackSetDeployResult[] = [];
  const graph = buildDeployGraph(stacks, { withAssets: !stackSets });
  const result = await graph.run({
    deployStack: async (node) => {
      const parameters = { ...options.parameters?.['*'], ...options.parameters?.[node.stack.stackName] };
      try {
        if (stackSets) {
          const r = await deployStackSet(node.stack, stackSets, { ...options, parameters });
          results.push(r);
          if (r.failedInstances.length) partial.push(r);
          await recordOutcome(stage, options.clients, options.printer, node.stack, r.failedInstances.length ? 'partial' : 'succeeded', { parameters, tags: options.tags, failedInstances: r.failedInstances });
        } else {
          const session = sessions.get(node.stack.stackName);
          const deployed = await deployStack({
            ...options, requireApproval, interrupt, parameters, clients: session?.clients ?? options.clients, executionRoleArn: session?.executionRoleArn, publisher,
          }, node.stack);
          results.push(deployed);
          if (stage.environment?.protected) await protectStack(options.clients, options.printer, node.stack.stackName);
          await recordOutcome(stage, options.clients, options.printer, node.stack, 'succeeded', {
            parameters, tags: options.tags, operationMs: deployed.outcome === 'deployed' ? deployed.durationMs : undefined,
          });
        }
      } catch (err) {
        if (isFailedOperation(err)) await recordOutcome(stage, options.clients, options.printer, node.stack, 'failed', { parameters, tags: options.tags });
        throw err;
      }
    },
    publishAsset: async (node) => {
      await publisher.publish(node.asset);
    },
  }, {
    concurrency: options.concurrency,
    stopRequested: () => interrupt.requested,
    // The durations the ledger recorded: the longest expected chains start first.
    expectedDurationMs: (node) => (node.type === 'stack' ? stage.ledger.get(node.stack.stackName)?.lastOperationMs : undefined),
  });
  const failure = failureReport('deploy', result);
  if (failure) throw failure;
  options.printer.line(formatTable([['STACK', 'OUTCOME', 'CHANGES', 'DURATION'], ...results.map((r) => [
    r.stackName, r.outcome === 'no-changes' ? 'no changes' : partial.includes(r as StackSetDeployResult) ? 'deployed, instances failed' : 'deployed', r.changes === undefined ? '-' : String(r.changes),
    r.durationMs === undefined ? '-' : `${(r.durationMs / 1000).toFixed(1)} s`,
  ])]));
  options.printer.line(`deployed ${results.length} stack${results.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    results.map((r) => `${r.stackName} (${r.outcome === 'no-changes' ? 'no changes' : 'deployed'})`).join(', '));
  if (partial.length) {
    throw new DeployError('StackSetInstancesFailed',
      `the StackSets went on within their failure tolerance, but these instances failed:\n${partial.map((r) => r.failedInstances.map((f) => `  ${r.stackName} ${f}`).join('\n')).join('\n')}\n` +
      'The ledger records them; the next deploy (or deploy:affected) retries them');
  }
  return results;
}
