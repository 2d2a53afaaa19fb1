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
  await checkStacks(options.clients, stacks);
  const sessions = await preflight(stacks, options.clients);
  const publisher = new AssetPublisher(options.clients, options.printer);
  await publisher.assumeRoles(stacks);
  const results: StackDeployResult[] = [];
  const graph = buildDeployGraph(stacks);
  const result = await graph.run({
    deployStack: async (node) => {
      const parameters = { ...options.parameters?.['*'], ...options.parameters?.[node.stack.stackName] };
      const session = sessions.get(node.stack.stackName);
      results.push(await deployStack({
        ...options, interrupt, parameters, clients: session?.clients ?? options.clients, executionRoleArn: session?.executionRoleArn, publisher,
      }, node.stack));
    },
    publishAsset: async (node) => {
      await publisher.publish(node.asset);
    },
  }, { concurrency: options.concurrency, stopRequested: () => interrupt.requested });
  const failure = failureReport('deploy', result);
  if (failure) throw failure;
  options.printer.line(formatTable([['STACK', 'OUTCOME', 'CHANGES', 'DURATION'], ...results.map((r) => [
    r.stackName, r.outcome === 'no-changes' ? 'no changes' : 'deployed', r.changes === undefined ? '-' : String(r.changes),
    r.durationMs === undefined ? '-' : `${(r.durationMs / 1000).toFixed(1)} s`,
  ])]));
  options.printer.line(`deployed ${results.length} stack${results.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    results.map((r) => `${r.stackName} (${r.outcome === 'no-changes' ? 'no changes' : 'deployed'})`).join(', '));
  return results;
}
