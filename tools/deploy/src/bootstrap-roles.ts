import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError, withCredentials } from './aws';
import { DeployError } from './errors';

/** Who the credentials are: what a role's trust policy must admit. */
export interface CallerIdentity {
  readonly account: string;
  /** e.g. `arn:aws:iam::123456789012:user/alice` or an assumed-role session ARN. */
  readonly arn: string;
}

const identities = new WeakMap<AwsClients, Promise<CallerIdentity>>();

/** `sts:GetCallerIdentity` of the clients' credentials, asked once per set of clients. */
export function callerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  let identity = identities.get(clients);
  if (!identity) {
    identity = clients.sts.send(new GetCallerIdentityCommand({})).then((r) => ({ account: r.Account!, arn: r.Arn ?? `account ${r.Account}` }), (err) => {
      identities.delete(clients);
      throw explainAwsError(err, 'reading the account of the credentials (sts:GetCallerIdentity)');
    });
    identities.set(clients, identity);
  }
  return identity;
}

export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** Resolves the `${AWS::Partition}`, `${AWS::AccountId}` and `${AWS::Region}` placeholders the CDK writes into the manifest. */
export function resolvePlaceholders(text: string, env: { readonly account: string; readonly region: string }): string {
  return text
    .replace(/\$\{AWS::Partition\}/g, partitionOf(env.region))
    .replace(/\$\{AWS::AccountId\}/g, env.account)
    .replace(/\$\{AWS::Region\}/g, env.region);
}

/** How one stack is deployed: the clients of its deploy role (or the caller's own) and the role CloudFormation acts as. */
export interface StackSession {
  readonly clients: AwsClients;
  /** The assumed deploy role, resolved; absent when the manifest names none. */
  readonly deployRoleArn?: string;
  /** `RoleARN` of the change set, resolved: the CDK bootstrap's CloudFormation execution role. */
  readonly executionRoleArn?: string;
}

/**
 * Credentials of a role: assumed once, then again five minutes before they expire (a deploy may
 * outlast the hour they are valid for).
 */
function roleCredentials(clients: AwsClients, roleArn: string, externalId: string | undefined) {
  let current: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date } | undefined;
  return async () => {
    if (current && (!current.expiration || current.expiration.getTime() - Date.now() > 300_000)) return current;
    const out = await clients.sts.send(new AssumeRoleCommand({
      RoleArn: roleArn, RoleSessionName: `listbackup-deploy-${Date.now()}`, ...(externalId ? { ExternalId: externalId } : {}),
    }));
    const c = out.Credentials!;
    current = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration };
    return current;
  };
}

/**
 * Assumes a role (STS AssumeRole) and returns clients signing with it. A role that cannot be
 * assumed is a `RoleNotAssumable` error naming the role, who tried, and what to do.
 */
export async function assumeRole(clients: AwsClients, roleArn: string, options: { externalId?: string; purpose: string; neededBy: string[] }): Promise<AwsClients> {
  const identity = await callerIdentity(clients);
  const credentials = roleCredentials(clients, roleArn, options.externalId);
  try {
    await credentials();
  } catch (err) {
    const e = explainAwsError(err, `assuming ${roleArn}`);
    if (e.code === 'EndpointUnreachable') throw e;
    const account = /^arn:[^:]+:iam::(\d+):/.exec(roleArn)?.[1] ?? identity.account;
    throw new DeployError('RoleNotAssumable',
      `${options.neededBy.join(', ')}: cannot assume the ${options.purpose} ${roleArn}${options.externalId ? ' (with its external id)' : ''} ` +
      `with the credentials of ${identity.arn}: ${(err as Error).name}: ${(err as Error).message}. Nothing was changed. ` +
      `Either the account is not bootstrapped (run 'npx cdk bootstrap aws://${account}/${clients.region}'), or the role does not trust ${identity.arn} ` +
      `(bootstrap with '--trust ${identity.account}', or use credentials the role trusts)`, { cause: err });
  }
  return withCredentials(clients, credentials);
}

/**
 * The session of every stack: its deploy role assumed (once per role, whatever the number of
 * stacks), its execution role resolved. Every role is tried before anything changes; all that
 * fail are reported together.
 *
 * The local emulator takes the same path: the local templates' manifests name the standard
 * bootstrap roles of account 123456789012, moto's STS answers AssumeRole for any role ARN without
 * a bootstrap stack behind it, and its CloudFormation stores `RoleARN` without acting as it. That
 * proves the calls and the credentials swap, not a trust policy: only a real account does.
 */
export async function bootstrapSessions(stacks: AssemblyStack[], clients: AwsClients): Promise<Map<string, StackSession>> {
  const sessions = new Map<string, StackSession>();
  const needing = stacks.filter((s) => s.roles.assumeRoleArn || s.roles.cloudFormationExecutionRoleArn);
  if (!needing.length) return sessions;
  const identity = await callerIdentity(clients);
  const resolved = needing.map((stack) => {
    const env = { account: stack.environment.account ?? identity.account, region: clients.region };
    return {
      stack,
      deployRoleArn: stack.roles.assumeRoleArn && resolvePlaceholders(stack.roles.assumeRoleArn, env),
      externalId: stack.roles.assumeRoleExternalId,
      executionRoleArn: stack.roles.cloudFormationExecutionRoleArn && resolvePlaceholders(stack.roles.cloudFormationExecutionRoleArn, env),
    };
  });
  const byRole = new Map<string, typeof resolved>();
  for (const r of resolved) {
    if (!r.deployRoleArn) continue;
    const key = `${r.deployRoleArn}\u0000${r.externalId ?? ''}`;
    byRole.set(key, [...(byRole.get(key) ?? []), r]);
  }
  const roleClients = new Map<string, AwsClients>();
  const failures: DeployError[] = [];
  for (const [key, group] of byRole) {
    try {
      roleClients.set(key, await assumeRole(clients, group[0].deployRoleArn!, {
        externalId: group[0].externalId, purpose: 'deploy role', neededBy: group.map((g) => g.stack.stackName),
      }));
    } catch (err) {
      if (!(err instanceof DeployError) || err.code !== 'RoleNotAssumable') throw err;
      failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length) {
    throw new DeployError('RoleNotAssumable', `${failures.length} deploy roles cannot be assumed, so nothing was changed:\n${failures.map((f) => `  - ${f.message}`).join('\n')}`, { cause: failures[0] });
  }
  for (const r of resolved) {
    const key = `${r.deployRoleArn}\u0000${r.externalId ?? ''}`;
    sessions.set(r.stack.stackName, {
      clients: (r.deployRoleArn && roleClients.get(key)) || clients,
      ...(r.deployRoleArn ? { deployRoleArn: r.deployRoleArn } : {}),
      ...(r.executionRoleArn ? { executionRoleArn: r.executionRoleArn } : {}),
    });
  }
  return sessions;
}
