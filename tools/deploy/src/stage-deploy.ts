import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { DescribeStacksCommand, UpdateTerminationProtectionCommand } from '@aws-sdk/client-cloudformation';
import { ResolvedEnvironment } from '@listbackup/conventions/names';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { DeployError, isDeployError } from './errors';
import { currentCommit } from './git-info';
import { LedgerEntry, LedgerOutcome, nextLedgerEntry, readLedger, recordsNothingNew, templateHash, toolVersion, writeLedgerEntry } from './ledger';
import { Printer } from './printer';
import { RequireApproval } from './security-gate';
import { stageEnvironmentOf, stageOfStacks } from './stage-environment';

/** What a deploy knows of the stage it deploys to: its environment and ledger. */
export interface StageContext {
  readonly stage?: string;
  /** The stage's environment, when the stage has one (the same for every stack of a stage). */
  readonly environment?: ResolvedEnvironment;
  /** The ledger as it was before this deploy, by stack name. */
  readonly ledger: Map<string, LedgerEntry>;
  /** The commit being deployed, read once per run at the first ledger write (git is a process start, and blocks). */
  readonly commit: () => { readonly commit: string; readonly dirty: boolean };
}

/** Deploy errors after which the stack's last operation counts as failed (something was attempted and did not hold). */
const FAILED_OPERATION_CODES = new Set(['StackFailed', 'RollbackFailed', 'ChangeSetFailed', 'StackSetFailed']);

export function isFailedOperation(err: unknown): boolean {
  return isDeployError(err) && FAILED_OPERATION_CODES.has(err.code);
}

/**
 * Reads what the deploy needs of its stage before anything changes, and refuses what the stage's
 * environment forbids: a protected stage without approval of every change, and a StackSet stage
 * whose stacks carry file assets or whose regions have no CDK bootstrap. A ledger parameter this
 * tool cannot read stops the deploy here too.
 */
export async function prepareStage(stacks: AssemblyStack[], clients: AwsClients, options: { repository?: string; requireApproval?: RequireApproval }): Promise<StageContext> {
  const stage = stageOfStacks(stacks);
  const environment = stacks.map(stageEnvironmentOf).find(Boolean);
  if (environment?.protected && options.requireApproval === 'never') {
    throw new DeployError('ProtectedStage',
      `stage '${stage}' is protected: every change needs approval, so --require-approval never is refused. Nothing was changed: deploy from a terminal and approve, or deploy another stage`);
  }
  if (environment?.deployment === 'stack-set') {
    const withAssets = stacks.filter((s) => s.fileAssets.length);
    if (withAssets.length) {
      throw new DeployError('UsageError',
        `${withAssets.map((s) => `${s.stackName} (${s.fileAssets.length} file asset${s.fileAssets.length === 1 ? '' : 's'})`).join(', ')}: ` +
        `stage '${stage}' deploys through StackSets to ${environment.accounts.length || environment.organizationalUnits.length} account(s) × ${environment.regions.length} region(s), ` +
        'and a StackSet does not publish file assets to each target\'s bootstrap bucket. Nothing was changed: deploy stacks with assets to single-target stages, or publish their assets to every target first');
    }
    await assertRegionsBootstrapped(stacks, environment, clients);
  }
  const ledger = stage ? await readLedger(clients.ssm, stage) : new Map<string, LedgerEntry>();
  let commit: { commit: string; dirty: boolean } | undefined;
  return { stage, environment, ledger, commit: () => (commit ??= currentCommit(options.repository ?? process.cwd())) };
}

/**
 * A StackSet stage's templates need the CDK bootstrap stack in every region they go to. The
 * regions of the deploying account are checked here, through SSM in each region; other accounts
 * are reached only by the engine, which reports a missing bootstrap per instance.
 */
async function assertRegionsBootstrapped(stacks: AssemblyStack[], env: ResolvedEnvironment, clients: AwsClients): Promise<void> {
  const needing = stacks.filter((s) => s.bootstrap);
  if (!needing.length) return;
  const parameter = needing[0].bootstrap!.versionParameter;
  const required = Math.max(...needing.map((s) => s.bootstrap!.requiredVersion));
  const missing: string[] = [];
  for (const region of env.regions) {
    const ssm = region === clients.region ? clients.ssm : clients.ssmIn(region);
    try {
      const version = Number((await ssm.send(new GetParameterCommand({ Name: parameter }))).Parameter?.Value);
      if (!(version >= required)) missing.push(`${region} (version ${Number.isNaN(version) ? 'unreadable' : version}, needs ${required})`);
    } catch (err) {
      if ((err as { name?: string }).name === 'ParameterNotFound') missing.push(`${region} (no ${parameter})`);
      else throw explainAwsError(err, `reading the CDK bootstrap version in ${region} (${parameter})`);
    } finally {
      if (ssm !== clients.ssm) ssm.destroy();
    }
  }
  if (missing.length) {
    throw new DeployError('BootstrapMissing',
      `stage '${env.stage}' deploys to regions without the CDK bootstrap stack (version ${required} or later): ${missing.join(', ')}. ` +
      `Nothing was changed: run 'npx cdk bootstrap ${missing.map((m) => `aws://<account>/${m.split(' ')[0]}`).join(' ')}'${env.bootstrapQualifier !== 'hnb659fds' ? ` --qualifier ${env.bootstrapQualifier}` : ''} in each account of the stage`);
  }
}

/**
 * Writes the stack's ledger entry after its deploy. A write that fails does not undo the deploy:
 * it is said plainly, and the next `deploy:affected` deploys the stack again.
 */
export async function recordOutcome(context: StageContext, clients: AwsClients, printer: Printer, stack: AssemblyStack,
  outcome: LedgerOutcome, deployed: { parameters?: Record<string, string>; tags?: Record<string, string>; failedInstances?: string[]; operationMs?: number } = {}): Promise<void> {
  if (!context.stage) return;
  const { commit, dirty } = context.commit();
  const entry = nextLedgerEntry(context.ledger.get(stack.stackName), context.stage, stack.stackName, outcome, {
    commit, dirty, templateHash: templateHash(stack, deployed.parameters, deployed.tags), time: new Date().toISOString(), toolVersion: toolVersion(),
  }, deployed.failedInstances, deployed.operationMs);
  if (recordsNothingNew(context.ledger.get(stack.stackName), entry)) return;
  try {
    await writeLedgerEntry(clients.ssm, entry);
    context.ledger.set(stack.stackName, entry);
  } catch (err) {
    printer.line(`warning: ${stack.stackName} was ${outcome === 'failed' ? 'not deployed' : 'deployed'}, but its ledger entry was not written: ` +
      `${(err as Error).message}. The next deploy:affected deploys it again`);
  }
}

/** A protected stage keeps termination protection on every stack, not only those holding data. */
export async function protectStack(clients: AwsClients, printer: Printer, stackName: string): Promise<void> {
  try {
    const stack = (await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    if (!stack || stack.EnableTerminationProtection) return;
    await clients.cloudFormation.send(new UpdateTerminationProtectionCommand({ StackName: stackName, EnableTerminationProtection: true }));
    printer.line(`${stackName}: termination protection turned on (protected stage)`);
  } catch (err) {
    throw explainAwsError(err, `turning on termination protection of ${stackName}`);
  }
}
