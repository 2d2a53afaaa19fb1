import {
  Change,
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeChangeSetOutput,
  Parameter,
  Tag,
} from '@aws-sdk/client-cloudformation';
import { explainAwsError } from '../aws';
import { DeployError } from '../errors';
import { Printer } from '../printer';

export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/** What CloudFormation says when a change set would change nothing (CreateChangeSet API reference). */
export function isNoChangesReason(reason: string | undefined): boolean {
  return /didn't contain changes|No updates are to be performed/.test(reason ?? '');
}

export interface ChangeSetRequest {
  readonly stackName: string;
  readonly type: 'CREATE' | 'UPDATE';
  readonly template: { TemplateBody?: string; TemplateURL?: string };
  readonly parameters: Parameter[];
  readonly tags: Tag[];
  readonly pollIntervalMs: number;
  readonly notificationArns?: readonly string[];
  /** The role CloudFormation acts as when it executes the change set. */
  readonly roleArn?: string;
}

export interface ChangeSetResult {
  readonly name: string;
  /** undefined when CloudFormation found nothing to change (the change set is deleted already). */
  readonly description?: DescribeChangeSetOutput;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a change set and waits until it is ready; deletes it and throws when it failed. */
export async function createChangeSet(cfn: CloudFormationClient, request: ChangeSetRequest): Promise<ChangeSetResult> {
  const name = `listbackup-deploy-${Date.now()}`;
  try {
    await cfn.send(new CreateChangeSetCommand({
      StackName: request.stackName,
      ChangeSetName: name,
      ChangeSetType: request.type,
      ...request.template,
      Parameters: request.parameters,
      Tags: request.tags,
      Capabilities: [...CAPABILITIES],
      ...(request.notificationArns?.length ? { NotificationARNs: [...request.notificationArns] } : {}),
      ...(request.roleArn ? { RoleARN: request.roleArn } : {}),
    }));
  } catch (err) {
    throw explainAwsError(err, `creating a change set for ${request.stackName}`);
  }
  for (;;) {
    let description: DescribeChangeSetOutput;
    try {
      description = await describeAllChanges(cfn, request.stackName, name);
    } catch (err) {
      throw explainAwsError(err, `describing change set ${name} of ${request.stackName}`);
    }
    if (description.Status === 'CREATE_COMPLETE') return { name, description };
    if (description.Status === 'FAILED') {
      await deleteChangeSet(cfn, request.stackName, name);
      if (isNoChangesReason(description.StatusReason)) return { name };
      throw new DeployError('ChangeSetFailed',
        `${request.stackName}: CloudFormation rejected the change set: ${description.StatusReason}`);
    }
    await sleep(request.pollIntervalMs);
  }
}

async function describeAllChanges(cfn: CloudFormationClient, stackName: string, name: string): Promise<DescribeChangeSetOutput> {
  const first = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
  const changes: Change[] = [...(first.Changes ?? [])];
  for (let token = first.NextToken; token;) {
    const page = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name, NextToken: token }));
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  }
  return { ...first, Changes: changes, NextToken: undefined };
}

export async function deleteChangeSet(cfn: CloudFormationClient, stackName: string, name: string): Promise<void> {
  try {
    await cfn.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
  } catch (err) {
    throw explainAwsError(err, `deleting change set ${name} of ${stackName}`);
  }
}

/** One line a change: action, logical id, type and whether the resource is replaced. */
export function printChanges(printer: Printer, stackName: string, changes: Change[]): void {
  printer.line(`${stackName}: ${changes.length} change${changes.length === 1 ? '' : 's'}`);
  for (const change of changes) {
    const rc = change.ResourceChange;
    if (!rc) continue;
    const replacement = rc.Action === 'Modify' ? ` replacement=${rc.Replacement ?? 'False'}` : '';
    printer.line(`  ${(rc.Action ?? '?').padEnd(7)} ${rc.LogicalResourceId} ${rc.ResourceType}${replacement}`);
  }
}
