import { AssemblyStack } from './assembly';
import { AwsClients } from './aws';
import { stackDependencies } from './contracts';
import { deployStacks, DeployOptions } from './deploy';
import { StackDeployResult } from './deploy-stack';
import { commitsBehind } from './git-info';
import { LedgerEntry, readLedger, templateHash } from './ledger';
import { formatTable, Printer } from './printer';
import { describeStack } from './private/stack-monitor';
import { stageEnvironmentOf, stageOfStacks } from './stage-environment';
import { DeployError } from './errors';

export interface AffectedStack {
  readonly stackName: string;
  /** Why the stack is in the set, one sentence each. */
  readonly reasons: string[];
}

export interface AffectedPlan {
  readonly stage: string;
  /** In graph order: every stack after the stacks it imports from. */
  readonly affected: AffectedStack[];
  /** The stacks left out, each with the deploy it is unchanged since. */
  readonly unchanged: AffectedStack[];
  /** True when the stage has no ledger at all: a new stage, where everything is affected. */
  readonly newStage: boolean;
}

const short = (commit: string) => (/^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 12) : commit);

function since(entry: LedgerEntry['lastAttempt'], behindOf: (commit: string) => number | undefined): string {
  const behind = behindOf(entry.commit);
  return `${short(entry.commit)}${entry.dirty ? ' (uncommitted changes)' : ''}, ${behind === undefined ? 'a commit this clone does not hold' : `${behind} commit${behind === 1 ? '' : 's'} behind HEAD`}`;
}

/** Stacks in dependency order (each after the stacks it imports from), ties by name. */
function graphOrder(stacks: AssemblyStack[]): string[] {
  const deps = stackDependencies(stacks);
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (name: string) => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const d of [...deps.get(name) ?? []].sort()) visit(d);
    order.push(name);
  };
  for (const s of [...stacks].sort((a, b) => a.stackName.localeCompare(b.stackName))) visit(s.stackName);
  return order;
}

/**
 * Which stacks of a stage need a deploy, by the ledger and CloudFormation, not by git: a stack
 * whose template (with its parameters and tags) differs from its own last successful deploy, whose
 * last deploy failed or left failed instances, that has no ledger entry, or that CloudFormation
 * does not hold; then every stack that imports from one of those. Needs no local state.
 */
export async function planAffected(stacks: AssemblyStack[], clients: AwsClients, options: { repository: string; parameters?: Record<string, Record<string, string>>; tags?: Record<string, string> }): Promise<AffectedPlan> {
  const stage = stageOfStacks(stacks);
  if (!stage) throw new DeployError('UsageError', 'the stacks carry no Stage tag or stage environment: affected needs the stacks of one stage (synthesize with STAGE=<stage>)');
  const stackSet = stacks.some((s) => stageEnvironmentOf(s)?.deployment === 'stack-set');
  // The ledger and every stack's status at once: one round trip's wait instead of one per stack.
  // A StackSet is read through the ledger alone: its stacks live in the target accounts.
  const [ledger, deployedStacks] = await Promise.all([
    readLedger(clients.ssm, stage),
    Promise.all(stacks.map((s) => (stackSet ? undefined : describeStack(clients.cloudFormation, s.stackName)))),
  ]);
  // The stacks of a stage are mostly deployed from one commit: git is asked once per commit.
  const behindCounts = new Map<string, number | undefined>();
  const behindOf = (commit: string) => {
    if (!behindCounts.has(commit)) behindCounts.set(commit, commitsBehind(options.repository, commit));
    return behindCounts.get(commit);
  };
  const reasons = new Map<string, string[]>(stacks.map((s) => [s.stackName, []]));
  const unchangedSince = new Map<string, string>();
  for (const [index, stack] of stacks.entries()) {
    const entry = ledger.get(stack.stackName);
    const own = reasons.get(stack.stackName)!;
    if (!entry) {
      own.push(ledger.size ? 'no ledger entry: never deployed to this stage by this tool' : `stage '${stage}' has no ledger: a new stage deploys everything`);
      continue;
    }
    if (entry.lastOutcome === 'failed') own.push(`its last deploy failed (${since(entry.lastAttempt, behindOf)}, ${entry.lastAttempt.time})`);
    if (entry.lastOutcome === 'partial') own.push(`its last deploy left failed instances: ${(entry.failedInstances ?? []).join('; ') || 'see status'}`);
    if (!stackSet) {
      const deployed = deployedStacks[index];
      if (!deployed) own.push('missing: CloudFormation holds no such stack');
      else if (/(_FAILED|ROLLBACK_COMPLETE)$/.test(deployed.StackStatus ?? '')) own.push(`CloudFormation has it in ${deployed.StackStatus}`);
    }
    if (!entry.lastSuccess) {
      if (!own.length) own.push('no successful deploy recorded');
      continue;
    }
    const parameters = { ...options.parameters?.['*'], ...options.parameters?.[stack.stackName] };
    if (templateHash(stack, parameters, options.tags) !== entry.lastSuccess.templateHash) {
      own.push(`changed since its last successful deploy (${since(entry.lastSuccess, behindOf)})`);
    }
    if (!own.length) unchangedSince.set(stack.stackName, `unchanged since ${since(entry.lastSuccess, behindOf)}`);
  }
  const deps = stackDependencies(stacks);
  const order = graphOrder(stacks);
  const isIn = (name: string) => reasons.get(name)!.length > 0;
  // Graph order: each dependency is decided before its dependents.
  for (const name of order) {
    for (const dep of [...deps.get(name) ?? []].sort()) {
      if (isIn(dep) && !reasons.get(name)!.some((r) => r.startsWith('imports from'))) {
        const affectedDeps = [...deps.get(name)!].filter(isIn).sort();
        reasons.get(name)!.push(`imports from ${affectedDeps.join(', ')}, which ${affectedDeps.length === 1 ? 'is' : 'are'} deployed first`);
        unchangedSince.delete(name);
      }
    }
  }
  return {
    stage,
    newStage: ledger.size === 0,
    affected: order.filter(isIn).map((stackName) => ({ stackName, reasons: reasons.get(stackName)! })),
    unchanged: order.filter((n) => !isIn(n)).map((stackName) => ({ stackName, reasons: [unchangedSince.get(stackName) ?? 'unchanged'] })),
  };
}

export function printAffected(plan: AffectedPlan, printer: Printer): void {
  const rows = [['STACK', 'DEPLOY', 'WHY'],
    ...plan.affected.flatMap((a) => a.reasons.map((r, i) => [i ? '' : a.stackName, i ? '' : 'yes', r])),
    ...plan.unchanged.map((u) => [u.stackName, 'no', u.reasons[0]])];
  printer.line(`stage '${plan.stage}': ${plan.affected.length} of ${plan.affected.length + plan.unchanged.length} stacks affected${plan.newStage ? ' (no ledger: a new stage)' : ''}`);
  printer.line(formatTable(rows));
}

/** Plans, prints why each stack is in, and deploys the affected stacks in graph order. */
export async function deployAffected(stacks: AssemblyStack[], options: DeployOptions & { stage: string }): Promise<StackDeployResult[]> {
  const stage = stageOfStacks(stacks);
  if (stage !== options.stage) {
    throw new DeployError('UsageError', `--stage ${options.stage}, but the assemblies hold stage '${stage ?? 'none'}': nothing was done. ` +
      `Synthesize that stage first (STAGE=${options.stage} npx nx run-many -t synth), or run 'npx projen deploy:affected --stage ${options.stage}', which does`);
  }
  const plan = await planAffected(stacks, options.clients, { repository: options.repository ?? process.cwd(), parameters: options.parameters, tags: options.tags });
  printAffected(plan, options.printer);
  if (!plan.affected.length) {
    options.printer.line(`nothing to deploy: every stack of '${stage}' is as its last successful deploy left it`);
    return [];
  }
  const names = new Set(plan.affected.map((a) => a.stackName));
  return deployStacks(stacks.filter((s) => names.has(s.stackName)), {
    ...options,
    deployedAlongside: stacks.filter((s) => !names.has(s.stackName)),
  });
}
