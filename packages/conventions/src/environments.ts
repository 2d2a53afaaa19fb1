import { ConfigurationError } from './errors';
import { STAGE_PATTERN } from './stage';

/** The CDK's default bootstrap qualifier (`cdk bootstrap` without `--qualifier`). */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The role names of self-managed StackSet permissions ("Grant self-managed permissions", CloudFormation User Guide). */
export const STACK_SET_ADMINISTRATION_ROLE = 'AWSCloudFormationStackSetAdministrationRole';
export const STACK_SET_EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';

/** A count or a percentage of accounts, as `StackSetOperationPreferences` takes them (never both). */
export type AccountShare = { readonly count: number } | { readonly percentage: number };

/**
 * How CloudFormation runs the StackSet operations of a stage with several targets
 * (`StackSetOperationPreferences`, AWS CloudFormation API Reference). The engine does the fan-out.
 */
export interface StackSetSettings {
  /**
   * `SELF_MANAGED`: the standard administration role in the deploying account and execution role in
   * each target account. `SERVICE_MANAGED`: AWS Organizations, targets named by organizational unit.
   * @default 'SELF_MANAGED', or 'SERVICE_MANAGED' when the stage names organizational units
   */
  readonly permissionModel?: 'SELF_MANAGED' | 'SERVICE_MANAGED';
  /** @default - the administration role of the deploying account, AWSCloudFormationStackSetAdministrationRole */
  readonly administrationRoleArn?: string;
  /** @default AWSCloudFormationStackSetExecutionRole */
  readonly executionRoleName?: string;
  /** Accounts acted on at once, per region. @default { count: 1 } (CloudFormation's own default) */
  readonly maxConcurrent?: AccountShare;
  /** Accounts per region that may fail before the operation stops there (and in later regions). @default { count: 0 } */
  readonly failureTolerance?: AccountShare;
  /** One region at a time in `regions` order, or all at once. @default 'SEQUENTIAL' */
  readonly regionConcurrency?: 'SEQUENTIAL' | 'PARALLEL';
  /**
   * `STRICT_FAILURE_TOLERANCE` (CloudFormation's default) lowers the concurrency to the failure
   * tolerance + 1; `SOFT_FAILURE_TOLERANCE` keeps `maxConcurrent` whatever fails.
   * @default 'STRICT_FAILURE_TOLERANCE'
   */
  readonly concurrencyMode?: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
}

/** Where a stage runs. One account and one region deploy as plain stacks; more go through StackSets. */
export interface StageEnvironment {
  /** The 12-digit AWS account ids of the stage. Either these or `organizationalUnits`. */
  readonly accounts?: readonly string[];
  /** Organizational units (`ou-…`) whose accounts the stage targets (service-managed StackSets). */
  readonly organizationalUnits?: readonly string[];
  /** The regions, in the order StackSet operations visit them. */
  readonly regions: readonly string[];
  /** The CDK bootstrap qualifier of the stage's accounts. @default 'hnb659fds' */
  readonly bootstrapQualifier?: string;
  /**
   * A protected stage: every stack gets termination protection, every change needs approval, and
   * `--force` is refused. @default false
   */
  readonly protected?: boolean;
  /** How StackSet operations run, for a stage of several targets. @default - CloudFormation's defaults */
  readonly stackSets?: StackSetSettings;
}

/** A stage's environment with every default applied, as synth writes it into the cloud assembly. */
export interface ResolvedEnvironment {
  readonly stage: string;
  readonly accounts: readonly string[];
  readonly organizationalUnits: readonly string[];
  readonly regions: readonly string[];
  readonly bootstrapQualifier: string;
  readonly protected: boolean;
  /** `stack`: one account and region, plain stacks bound to them; `stack-set`: one StackSet per stack. */
  readonly deployment: 'stack' | 'stack-set';
  readonly stackSets: Required<Omit<StackSetSettings, 'administrationRoleArn'>> & { readonly administrationRoleArn?: string };
}

/** The metadata type under which synth records a stack's `ResolvedEnvironment` in the manifest. */
export const ENVIRONMENT_METADATA_TYPE = 'listbackup:environment';

/**
 * The stages of ListBackup that are real environments. A stage not listed here (`main`, `pr-42`)
 * deploys to the account and region of the credentials, bound to neither. The account ids are
 * placeholders in AWS's documentation range: replace them with the organization's accounts.
 */
export const ENVIRONMENTS: Readonly<Record<string, StageEnvironment>> = {
  dev: { accounts: ['111122223333'], regions: ['us-east-1'] },
  staging: { accounts: ['444455556666'], regions: ['us-east-1'] },
  prod: { accounts: ['777788889999'], regions: ['us-east-1'], protected: true },
};

const ACCOUNT_PATTERN = /^\d{12}$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const QUALIFIER_PATTERN = /^[a-z0-9]{1,10}$/;
const OU_PATTERN = /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function shareProblems(where: string, share: AccountShare | undefined, min: number): string[] {
  if (share === undefined) return [];
  const entries = Object.entries(share);
  if (entries.length !== 1 || !['count', 'percentage'].includes(entries[0][0])) {
    return [`${where}: give either { count } or { percentage }, not ${JSON.stringify(share)}`];
  }
  const [kind, value] = entries[0] as ['count' | 'percentage', number];
  const max = kind === 'percentage' ? 100 : Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(value) || value < min || value > max) {
    return [`${where}: ${kind} ${value} is out of range: use a whole number from ${min}${kind === 'percentage' ? ' to 100' : ''}`];
  }
  return [];
}

/** Every problem of one stage's entry, each naming the stage and the field. */
export function environmentProblems(stage: string, env: StageEnvironment): string[] {
  const at = (field: string) => `environment '${stage}' ${field}`;
  const problems: string[] = [];
  if (!STAGE_PATTERN.test(stage)) problems.push(`environment '${stage}': the stage name does not match ${STAGE_PATTERN}`);
  const accounts = env.accounts ?? [];
  const ous = env.organizationalUnits ?? [];
  if (!accounts.length && !ous.length) problems.push(`${at('accounts')}: name at least one account (12 digits) or organizational unit`);
  if (accounts.length && ous.length) problems.push(`${at('accounts')}: name accounts or organizational units, not both`);
  for (const a of accounts) if (!ACCOUNT_PATTERN.test(a)) problems.push(`${at('accounts')}: '${a}' is not a 12-digit AWS account id`);
  for (const ou of ous) if (!OU_PATTERN.test(ou)) problems.push(`${at('organizationalUnits')}: '${ou}' is not an organizational unit id (ou-xxxx-xxxxxxxx)`);
  if (new Set(accounts).size !== accounts.length) problems.push(`${at('accounts')}: an account is named twice`);
  if (!env.regions?.length) problems.push(`${at('regions')}: name at least one region (for example us-east-1)`);
  for (const r of env.regions ?? []) if (!REGION_PATTERN.test(r)) problems.push(`${at('regions')}: '${r}' is not an AWS region name (for example eu-west-1)`);
  if (new Set(env.regions).size !== env.regions?.length) problems.push(`${at('regions')}: a region is named twice`);
  if (env.bootstrapQualifier !== undefined && !QUALIFIER_PATTERN.test(env.bootstrapQualifier)) {
    problems.push(`${at('bootstrapQualifier')}: '${env.bootstrapQualifier}' is invalid: use 1–10 lower-case letters or digits, as 'cdk bootstrap --qualifier' does`);
  }
  const sets = env.stackSets ?? {};
  problems.push(...shareProblems(at('stackSets.maxConcurrent'), sets.maxConcurrent, 1));
  problems.push(...shareProblems(at('stackSets.failureTolerance'), sets.failureTolerance, 0));
  if (sets.administrationRoleArn !== undefined && !ROLE_ARN_PATTERN.test(sets.administrationRoleArn)) {
    problems.push(`${at('stackSets.administrationRoleArn')}: '${sets.administrationRoleArn}' is not an IAM role ARN`);
  }
  if (sets.permissionModel === 'SERVICE_MANAGED' && accounts.length) {
    problems.push(`${at('stackSets.permissionModel')}: SERVICE_MANAGED targets organizational units; name organizationalUnits instead of accounts`);
  }
  if (sets.permissionModel === 'SELF_MANAGED' && ous.length) {
    problems.push(`${at('stackSets.permissionModel')}: SELF_MANAGED targets accounts; organizational units need SERVICE_MANAGED`);
  }
  return problems;
}

/** Throws one `ConfigurationError` listing every problem of every entry of a catalog. */
export function validateEnvironments(catalog: Readonly<Record<string, StageEnvironment>>): void {
  const problems = Object.entries(catalog).flatMap(([stage, env]) => environmentProblems(stage, env));
  if (problems.length) {
    throw new ConfigurationError('InvalidEnvironment', `the stage environments are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nfix them in the environments catalog (ENVIRONMENTS of @listbackup/conventions, or the catalog passed to ListBackupApp)`);
  }
}

/**
 * The environment of a stage with every default applied, or `undefined` for a stage the catalog
 * does not list (deployable to the credentials' account, as any unlisted stage).
 */
export function resolveEnvironment(stage: string, catalog: Readonly<Record<string, StageEnvironment>> = ENVIRONMENTS): ResolvedEnvironment | undefined {
  const env = catalog[stage];
  if (!env) return undefined;
  const problems = environmentProblems(stage, env);
  if (problems.length) validateEnvironments({ [stage]: env });
  const accounts = [...(env.accounts ?? [])];
  const organizationalUnits = [...(env.organizationalUnits ?? [])];
  const sets = env.stackSets ?? {};
  const single = accounts.length === 1 && env.regions.length === 1;
  return {
    stage,
    accounts,
    organizationalUnits,
    regions: [...env.regions],
    bootstrapQualifier: env.bootstrapQualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER,
    protected: env.protected ?? false,
    deployment: single ? 'stack' : 'stack-set',
    stackSets: {
      permissionModel: sets.permissionModel ?? (organizationalUnits.length ? 'SERVICE_MANAGED' : 'SELF_MANAGED'),
      ...(sets.administrationRoleArn ? { administrationRoleArn: sets.administrationRoleArn } : {}),
      executionRoleName: sets.executionRoleName ?? STACK_SET_EXECUTION_ROLE,
      maxConcurrent: sets.maxConcurrent ?? { count: 1 },
      failureTolerance: sets.failureTolerance ?? { count: 0 },
      regionConcurrency: sets.regionConcurrency ?? 'SEQUENTIAL',
      concurrencyMode: sets.concurrencyMode ?? 'STRICT_FAILURE_TOLERANCE',
    },
  };
}

/** The `env` of a stack of this environment: account and region for a single target, none for a StackSet. */
export function stackEnvironmentOf(env: ResolvedEnvironment | undefined): { account: string; region: string } | undefined {
  if (!env || env.deployment !== 'stack') return undefined;
  return { account: env.accounts[0], region: env.regions[0] };
}
