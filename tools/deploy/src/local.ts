import { AssemblyStack } from './assembly';
import { deployStacks, DeployOptions } from './deploy';
import { StackDeployResult } from './deploy-stack';
import { DeployError } from './errors';

/** A resource of a template the emulator cannot create. */
export interface UnheldResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
}

/**
 * Every resource of every stack whose type the emulator does not create. moto skips an unknown
 * type with a log line and still reports CREATE_COMPLETE, so this is checked before anything is
 * deployed. `Custom::` resources are left out: the stacks hold none, and moto runs them as custom.
 */
export function unheldResources(stacks: AssemblyStack[], heldTypes: ReadonlySet<string>): UnheldResource[] {
  return stacks.flatMap((stack) => Object.entries(stack.template.Resources ?? {})
    .filter(([, r]) => !heldTypes.has((r as { Type: string }).Type))
    .map(([logicalId, r]) => ({ stackName: stack.stackName, logicalId, type: (r as { Type: string }).Type })));
}

/** The CloudFormation resource types a running emulator creates, from the launcher's own endpoint. */
export async function emulatorResourceTypes(endpoint: string): Promise<Set<string>> {
  const url = `${endpoint}/moto-api/listbackup/resource-types`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DeployError('EndpointUnreachable', `the local emulator at ${endpoint} does not answer: start it with 'npx listbackup-local-aws start'`, { cause: error });
  }
  if (!response.ok) {
    throw new DeployError('NotHeldLocally',
      `GET ${url} answered ${response.status}: the emulator at ${endpoint} is not the project's launcher ` +
      `(a plain moto_server?). Stop it and run 'npx listbackup-local-aws start'`);
  }
  return new Set(((await response.json()) as { resourceTypes: string[] }).resourceTypes);
}

export interface LocalDeployOptions extends Omit<DeployOptions, 'method'> {
  /** The emulator's endpoint: its resource types are read from it, and it is printed. */
  readonly endpoint: string;
}

/**
 * Deploys the stacks to the local emulator through the real deploy path (change sets, contract
 * checks, asset publishing), after checking that the emulator creates every resource type of every
 * template: one it does not is named, with its logical id and stack, and nothing is deployed.
 */
export async function deployLocal(stacks: AssemblyStack[], options: LocalDeployOptions): Promise<StackDeployResult[]> {
  const unheld = unheldResources(stacks, await emulatorResourceTypes(options.endpoint));
  if (unheld.length) {
    throw new DeployError('NotHeldLocally',
      `the local emulator cannot create ${unheld.length === 1 ? 'this resource' : 'these resources'}, so nothing was deployed:\n` +
      unheld.map((u) => `  ${u.type} ${u.logicalId} in ${u.stackName}`).join('\n') +
      '\nAdd the type to the launcher (tools/local-aws/launcher), or deploy these stacks to an AWS account');
  }
  // The emulator is no account: nothing it holds is anyone's, so nothing needs approval.
  const results = await deployStacks(stacks, { ...options, method: 'change-set', requireApproval: 'never' });
  const printer = options.printer;
  printer.line('');
  printer.line(`${stacks.length} stack${stacks.length === 1 ? '' : 's'} on the local emulator at ${options.endpoint}. Next:`);
  printer.line(`  eval "$(npx listbackup-local-aws start)"     point this shell's AWS SDK and CLI at it`);
  printer.line('  npx listbackup-deploy outputs --assembly <dir>   the stacks\' outputs and export names');
  printer.line('  npx projen e2e:local                          one user journey across the stacks, IAM enforced');
  printer.line('  npx listbackup-local-aws stop                 stop it (everything deployed is gone)');
  return results;
}
