import {
  Capability,
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  StackInstanceSummary,
  StackSet,
  StackSetOperation,
  StackSetOperationPreferences,
  StackSetOperationResultSummary,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { ResolvedEnvironment } from '@listbackup/conventions/names';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { StackDeployResult } from './deploy-stack';
import { DeployError } from './errors';
import { formatTable, Printer } from './printer';
import { CAPABILITIES } from './private/change-set';
import { TEMPLATE_BODY_LIMIT_BYTES } from './template';

/*
 * One stack of a stage with several accounts or regions, deployed as a CloudFormation StackSet
 * (AWS CloudFormation API Reference: CreateStackSet, UpdateStackSet, CreateStackInstances,
 * ListStackInstances, DescribeStackSetOperation, ListStackSetOperationResults). The engine fans
 * out over the targets with the stage's StackSetOperationPreferences; this module only starts
 * operations, waits for each and reports every instance.
 */

export interface StackSetDeployOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  readonly parameters?: Record<string, string>;
  readonly tags?: Record<string, string>;
}

export interface StackInstanceResult {
  readonly account: string;
  readonly region: string;
  readonly status: string;
  readonly reason?: string;
}

export interface StackSetDeployResult extends StackDeployResult {
  /** Every instance an operation of this deploy acted on, with its result. */
  readonly instances: StackInstanceResult[];
  /** `account/region: reason` of each instance that failed, within the failure tolerance. */
  readonly failedInstances: string[];
}

/** The stage's settings as `StackSetOperationPreferences`. */
export function operationPreferences(env: ResolvedEnvironment): StackSetOperationPreferences {
  const { maxConcurrent, failureTolerance, regionConcurrency, concurrencyMode } = env.stackSets;
  return {
    RegionOrder: [...env.regions],
    RegionConcurrencyType: regionConcurrency,
    ConcurrencyMode: concurrencyMode,
    ...('count' in maxConcurrent ? { MaxConcurrentCount: maxConcurrent.count } : { MaxConcurrentPercentage: maxConcurrent.percentage }),
    ...('count' in failureTolerance ? { FailureToleranceCount: failureTolerance.count } : { FailureTolerancePercentage: failureTolerance.percentage }),
  };
}

/**
 * The shortest time one operation over these targets can take when each instance takes
 * `instanceMs`, as the preferences allow it: the accounts of a region in waves of the effective
 * concurrency; regions one after another (SEQUENTIAL) or at once (PARALLEL).
 */
export function operationLowerBoundMs(env: ResolvedEnvironment, accountsPerRegion: number, instanceMs: number): number {
  const { maxConcurrent, failureTolerance, regionConcurrency, concurrencyMode } = env.stackSets;
  const max = 'count' in maxConcurrent ? maxConcurrent.count : Math.max(1, Math.floor((maxConcurrent.percentage * accountsPerRegion) / 100));
  const tolerance = 'count' in failureTolerance ? failureTolerance.count : Math.floor((failureTolerance.percentage * accountsPerRegion) / 100);
  const concurrency = concurrencyMode === 'STRICT_FAILURE_TOLERANCE' ? Math.min(max, tolerance + 1) : max;
  const perRegion = Math.ceil(accountsPerRegion / concurrency) * instanceMs;
  return regionConcurrency === 'PARALLEL' ? perRegion : perRegion * env.regions.length;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sameTemplate(deployed: string | undefined, body: string): boolean {
  try {
    return canonical(JSON.parse(deployed ?? '')) === canonical(JSON.parse(body));
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call<T>(doing: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw explainAwsError(err, doing);
  }
}

async function describeStackSet(cfn: CloudFormationClient, name: string): Promise<StackSet | undefined> {
  try {
    return (await cfn.send(new DescribeStackSetCommand({ StackSetName: name }))).StackSet;
  } catch (err) {
    if ((err as { name?: string }).name === 'StackSetNotFoundException') return undefined;
    throw explainAwsError(err, `describing StackSet ${name} (DescribeStackSet)`);
  }
}

async function listInstances(cfn: CloudFormationClient, name: string): Promise<StackInstanceSummary[]> {
  const all: StackInstanceSummary[] = [];
  let token: string | undefined;
  do {
    const out = await call(`listing the instances of StackSet ${name} (ListStackInstances)`, () => cfn.send(new ListStackInstancesCommand({ StackSetName: name, NextToken: token })));
    all.push(...out.Summaries ?? []);
    token = out.NextToken;
  } while (token);
  return all;
}

async function waitForOperation(cfn: CloudFormationClient, name: string, operationId: string, pollIntervalMs: number): Promise<StackSetOperation> {
  for (;;) {
    const out = await call(`reading operation ${operationId} of StackSet ${name} (DescribeStackSetOperation)`,
      () => cfn.send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId })));
    const op = out.StackSetOperation!;
    if (!['RUNNING', 'QUEUED', 'STOPPING'].includes(op.Status ?? '')) return op;
    await sleep(pollIntervalMs);
  }
}

async function operationResults(cfn: CloudFormationClient, name: string, operationId: string): Promise<StackSetOperationResultSummary[]> {
  const all: StackSetOperationResultSummary[] = [];
  let token: string | undefined;
  do {
    const out = await call(`reading the results of operation ${operationId} of StackSet ${name} (ListStackSetOperationResults)`,
      () => cfn.send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: operationId, NextToken: token, MaxResults: 100 })));
    all.push(...out.Summaries ?? []);
    token = out.NextToken;
  } while (token);
  return all;
}

/** Missing targets grouped so that each group is accounts × regions, one CreateStackInstances each. */
function groupTargets(missing: { account: string; region: string }[]): { accounts: string[]; regions: string[] }[] {
  const byRegion = new Map<string, string[]>();
  for (const t of missing) byRegion.set(t.region, [...(byRegion.get(t.region) ?? []), t.account]);
  const groups = new Map<string, { accounts: string[]; regions: string[] }>();
  for (const [region, accounts] of byRegion) {
    const id = [...accounts].sort().join(',');
    if (!groups.has(id)) groups.set(id, { accounts: [...accounts].sort(), regions: [] });
    groups.get(id)!.regions.push(region);
  }
  return [...groups.values()];
}

/**
 * Deploys a stack as a StackSet over the stage's targets: creates the StackSet when there is none,
 * updates it when the template, parameters or tags changed (or an instance is not CURRENT), and
 * creates the instances that are missing. Each operation is the engine's, with the stage's
 * preferences; a failure beyond the tolerance throws `StackSetFailed` naming every failed instance.
 */
export async function deployStackSet(stack: AssemblyStack, env: ResolvedEnvironment, options: StackSetDeployOptions): Promise<StackSetDeployResult> {
  const cfn = options.clients.cloudFormation;
  const name = stack.stackName;
  const started = Date.now();
  const poll = options.pollIntervalMs ?? 2000;
  if (Buffer.byteLength(stack.templateBody) > TEMPLATE_BODY_LIMIT_BYTES) {
    throw new DeployError('UsageError', `${name}: the template is ${Buffer.byteLength(stack.templateBody)} bytes, over the ${TEMPLATE_BODY_LIMIT_BYTES} a StackSet takes as TemplateBody: nothing was changed; split the stack`);
  }
  const selfManaged = env.stackSets.permissionModel === 'SELF_MANAGED';
  const preferences = operationPreferences(env);
  const parameters = Object.entries(options.parameters ?? {}).filter(([k]) => stack.template.Parameters?.[k]).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const tags = Object.entries({ ...stack.tags, ...options.tags }).map(([Key, Value]) => ({ Key, Value }));
  const common = {
    StackSetName: name, TemplateBody: stack.templateBody, Parameters: parameters, Tags: tags, Capabilities: [...CAPABILITIES] as Capability[],
    ...(selfManaged ? { ExecutionRoleName: env.stackSets.executionRoleName, ...(env.stackSets.administrationRoleArn ? { AdministrationRoleARN: env.stackSets.administrationRoleArn } : {}) } : {}),
  };
  const results: StackInstanceResult[] = [];
  const runOperation = async (what: string, start: () => Promise<string | undefined>) => {
    const operationId = await start();
    if (!operationId) throw new DeployError('AwsCallFailed', `${name}: ${what} answered no OperationId`);
    options.printer.line(`${name}: ${what} (operation ${operationId})`);
    const op = await waitForOperation(cfn, name, operationId, poll);
    const summaries = await operationResults(cfn, name, operationId);
    const rows = summaries.map((s) => ({ account: s.Account ?? '?', region: s.Region ?? '?', status: s.Status ?? '?', reason: s.StatusReason }));
    results.push(...rows);
    options.printer.line(formatTable([['ACCOUNT', 'REGION', 'STATUS', 'REASON'], ...rows.map((r) => [r.account, r.region, r.status, r.reason ?? ''])]));
    if (op.Status !== 'SUCCEEDED') {
      const failed = rows.filter((r) => r.status === 'FAILED');
      const cancelled = rows.filter((r) => r.status === 'CANCELLED');
      throw new DeployError('StackSetFailed',
        `${name}: ${what} ended ${op.Status}${op.StatusReason ? ` (${op.StatusReason})` : ''}: ` +
        `${failed.length} instance${failed.length === 1 ? '' : 's'} failed, more than the failure tolerance (${describeShare(env.stackSets.failureTolerance)} per region) allows:\n` +
        failed.map((r) => `  ${r.account}/${r.region}: ${r.reason ?? 'no reason given'}`).join('\n') +
        (cancelled.length ? `\n${cancelled.length} instance${cancelled.length === 1 ? ' was' : 's were'} not attempted (CANCELLED): ${cancelled.map((r) => `${r.account}/${r.region}`).join(', ')}` : '') +
        `\nFix the failures above, then deploy again: the instances that succeeded stay as they are`);
    }
  };

  let existing = await describeStackSet(cfn, name);
  if (!existing) {
    await call(`creating StackSet ${name} (CreateStackSet)`, () => cfn.send(new CreateStackSetCommand({
      ...common, PermissionModel: env.stackSets.permissionModel,
      ...(selfManaged ? {} : { AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false } }),
    })));
    options.printer.line(`${name}: StackSet created (${env.stackSets.permissionModel})`);
    existing = { StackSetName: name, TemplateBody: stack.templateBody, Parameters: parameters, Tags: tags };
  }
  const instances = await listInstances(cfn, name);
  const desired = selfManaged ? env.accounts.flatMap((account) => env.regions.map((region) => ({ account, region }))) : [];
  const has = new Set(instances.map((i) => `${i.Account}/${i.Region}`));
  const changed = !sameTemplate(existing.TemplateBody, stack.templateBody)
    || canonical(existing.Parameters?.map((p) => [p.ParameterKey, p.ParameterValue]).sort() ?? []) !== canonical(parameters.map((p) => [p.ParameterKey, p.ParameterValue]).sort())
    || canonical(Object.fromEntries((existing.Tags ?? []).map((t) => [t.Key, t.Value]))) !== canonical(Object.fromEntries(tags.map((t) => [t.Key, t.Value])));
  const notCurrent = instances.filter((i) => i.Status !== 'CURRENT');
  let operations = 0;

  if (instances.length && (changed || notCurrent.length)) {
    // A changed template goes to every instance; otherwise only those a failed run left behind.
    const targets = changed ? instances : notCurrent;
    const accounts = [...new Set(targets.map((i) => i.Account!))];
    const regions = [...new Set(targets.map((i) => i.Region!))];
    operations++;
    await runOperation(changed ? `updating ${instances.length} instance${instances.length === 1 ? '' : 's'}` : `retrying ${notCurrent.length} instance${notCurrent.length === 1 ? '' : 's'} left ${[...new Set(notCurrent.map((i) => i.Status))].join('/')}`,
      async () => (await call(`updating StackSet ${name} (UpdateStackSet)`, () => cfn.send(new UpdateStackSetCommand({
        ...common, OperationPreferences: preferences,
        ...(selfManaged ? { Accounts: accounts, Regions: regions } : { DeploymentTargets: { OrganizationalUnitIds: [...env.organizationalUnits] }, Regions: regions }),
      })))).OperationId);
  }
  if (selfManaged) {
    for (const group of groupTargets(desired.filter((t) => !has.has(`${t.account}/${t.region}`)))) {
      operations++;
      await runOperation(`creating ${group.accounts.length * group.regions.length} instance${group.accounts.length * group.regions.length === 1 ? '' : 's'} in ${group.regions.join(', ')}`,
        async () => (await call(`creating the instances of StackSet ${name} (CreateStackInstances)`, () => cfn.send(new CreateStackInstancesCommand({
          StackSetName: name, Accounts: group.accounts, Regions: group.regions, OperationPreferences: preferences,
        })))).OperationId);
    }
    const extra = instances.filter((i) => !desired.some((t) => t.account === i.Account && t.region === i.Region));
    if (extra.length) {
      options.printer.line(`${name}: ${extra.length} instance${extra.length === 1 ? ' is' : 's are'} no longer in the stage's environment and ${extra.length === 1 ? 'was' : 'were'} left in place: ` +
        `${extra.map((i) => `${i.Account}/${i.Region}`).join(', ')} (remove with aws cloudformation delete-stack-instances --stack-set-name ${name})`);
    }
  } else if (!instances.length) {
    operations++;
    await runOperation(`creating the instances in organizational units ${env.organizationalUnits.join(', ')}`,
      async () => (await call(`creating the instances of StackSet ${name} (CreateStackInstances)`, () => cfn.send(new CreateStackInstancesCommand({
        StackSetName: name, DeploymentTargets: { OrganizationalUnitIds: [...env.organizationalUnits] }, Regions: [...env.regions], OperationPreferences: preferences,
      })))).OperationId);
  }
  const failedInstances = results.filter((r) => r.status === 'FAILED').map((r) => `${r.account}/${r.region}: ${r.reason ?? 'no reason given'}`);
  if (failedInstances.length) {
    options.printer.line(`${name}: ${failedInstances.length} instance${failedInstances.length === 1 ? '' : 's'} failed, within the failure tolerance (${describeShare(env.stackSets.failureTolerance)} per region): the others went on`);
  }
  return {
    stackName: name, outcome: operations ? 'deployed' : 'no-changes', outputs: {}, durationMs: Date.now() - started,
    instances: results, failedInstances,
  };
}

function describeShare(share: { count: number } | { percentage: number }): string {
  return 'count' in share ? `${share.count} account${share.count === 1 ? '' : 's'}` : `${share.percentage}% of the accounts`;
}
