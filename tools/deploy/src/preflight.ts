import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { bootstrapSessions, callerIdentity, StackSession } from './bootstrap-roles';
import { DeployError } from './errors';

/**
 * What must hold before anything changes: each stack bound to an account or region is deployed
 * with credentials of that account and into that region, and the CDK bootstrap stack its template
 * needs is there, at least at the version the manifest requires (`requiresBootstrapStackVersion`,
 * read from `bootstrapStackVersionSsmParameter`, as the CDK CLI checks it). Each stack's deploy
 * role is assumed here, before anything changes (see `bootstrapSessions`), and the bootstrap
 * version is read through it, as the CDK CLI does; the sessions are returned for the deploy.
 */
export async function preflight(stacks: AssemblyStack[], clients: AwsClients): Promise<Map<string, StackSession>> {
  const target = `aws://<account>/${clients.region}`;
  if (stacks.some((s) => s.environment.account)) {
    const account = (await callerIdentity(clients)).account;
    const other = stacks.filter((s) => s.environment.account && s.environment.account !== account);
    if (other.length) {
      throw new DeployError('WrongEnvironment', `${other.map((s) => `${s.stackName} (account ${s.environment.account})`).join(', ')}: ` +
        `the credentials are of account ${account}. Nothing was changed: use credentials of the stack's account (AWS_PROFILE)`);
    }
  }
  const otherRegion = stacks.filter((s) => s.environment.region && s.environment.region !== clients.region);
  if (otherRegion.length) {
    throw new DeployError('WrongEnvironment', `${otherRegion.map((s) => `${s.stackName} (region ${s.environment.region})`).join(', ')}: ` +
      `the deploy goes to ${clients.region}. Nothing was changed: set AWS_REGION or --region to the stack's region`);
  }
  const sessions = await bootstrapSessions(stacks, clients);
  const byParameter = new Map<string, AssemblyStack[]>();
  for (const stack of stacks) if (stack.bootstrap) byParameter.set(stack.bootstrap.versionParameter, [...(byParameter.get(stack.bootstrap.versionParameter) ?? []), stack]);
  for (const [parameter, needing] of byParameter) {
    const required = Math.max(...needing.map((s) => s.bootstrap!.requiredVersion));
    let version: number;
    try {
      const ssm = (sessions.get(needing[0].stackName)?.clients ?? clients).ssm;
      version = Number((await ssm.send(new GetParameterCommand({ Name: parameter }))).Parameter?.Value);
    } catch (err) {
      if ((err as { name?: string }).name === 'ParameterNotFound') {
        throw new DeployError('BootstrapMissing', `${needing.map((s) => s.stackName).join(', ')} need${needing.length === 1 ? 's' : ''} the CDK bootstrap stack ` +
          `(version ${required} or later) in ${target}, but ${parameter} does not exist. Nothing was changed: run 'npx cdk bootstrap ${target}'`);
      }
      throw explainAwsError(err, `reading the CDK bootstrap version (${parameter})`);
    }
    if (!(version >= required)) {
      throw new DeployError('BootstrapTooOld', `${needing.map((s) => s.stackName).join(', ')} need${needing.length === 1 ? 's' : ''} CDK bootstrap version ${required} or later; ` +
        `${parameter} in ${target} says ${Number.isNaN(version) ? 'nothing readable' : version}. Nothing was changed: run 'npx cdk bootstrap ${target}' again`);
    }
  }
  return sessions;
}
