import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DetectStackDriftCommand, StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import { AssemblyStack } from './assembly';
import { AwsClients, explainAwsError } from './aws';
import { DeployError } from './errors';
import { formatTable, Printer } from './printer';
import { describeStack } from './private/stack-monitor';

/** One stack's drift: CloudFormation's verdict and the resources that differ from the template. */
export interface StackDrift {
  readonly stackName: string;
  /** `DRIFTED`, `IN_SYNC`, `UNKNOWN`, or `NOT_DEPLOYED`. */
  readonly status: string;
  readonly resources: StackResourceDrift[];
}

export interface DriftOptions {
  readonly clients: AwsClients;
  readonly printer: Printer;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /** Fail (`DriftDetected`) when any stack has drifted. @default false */
  readonly fail?: boolean;
}

/**
 * Drift detection of one deployed stack: DetectStackDrift, DescribeStackDriftDetectionStatus until
 * it settles, then every modified or deleted resource (DescribeStackResourceDrifts). SDK errors
 * are passed on as they are.
 */
export async function stackDrift(cfn: CloudFormationClient, name: string, pollIntervalMs: number): Promise<StackDrift> {
  const { StackDriftDetectionId } = await cfn.send(new DetectStackDriftCommand({ StackName: name }));
  let status = await cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
  while (status.DetectionStatus === 'DETECTION_IN_PROGRESS') {
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    status = await cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
  }
  if (status.DetectionStatus === 'DETECTION_FAILED' && status.StackDriftStatus !== 'DRIFTED') {
    throw new DeployError('AwsCallFailed', `drift detection of ${name} failed: ${status.DetectionStatusReason ?? 'no reason given'}`);
  }
  const resources: StackResourceDrift[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackResourceDriftsCommand({ StackName: name, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'], NextToken: token }));
    resources.push(...(page.StackResourceDrifts ?? []));
    token = page.NextToken;
  } while (token);
  return { stackName: name, status: status.StackDriftStatus ?? 'UNKNOWN', resources };
}

/**
 * Runs drift detection on each deployed stack (DetectStackDrift, then DescribeStackDriftDetectionStatus
 * until it settles) and prints every modified or deleted resource with its property differences.
 */
export async function detectDrift(stacks: AssemblyStack[], options: DriftOptions): Promise<StackDrift[]> {
  const cfn = options.clients.cloudFormation;
  const results: StackDrift[] = [];
  for (const stack of stacks) {
    const name = stack.stackName;
    if (!(await describeStack(cfn, name))) {
      results.push({ stackName: name, status: 'NOT_DEPLOYED', resources: [] });
      continue;
    }
    try {
      results.push(await stackDrift(cfn, name, options.pollIntervalMs ?? 2000));
    } catch (err) {
      throw explainAwsError(err, `detecting the drift of ${name}`);
    }
  }
  const rows = [['STACK', 'DRIFT', 'RESOURCE', 'CHANGE', 'PROPERTY', 'EXPECTED', 'ACTUAL']];
  for (const r of results) {
    if (!r.resources.length) rows.push([r.stackName, r.status, '-', '-', '-', '-', '-']);
    for (const resource of r.resources) {
      const differences = resource.PropertyDifferences?.length ? resource.PropertyDifferences : [undefined];
      for (const d of differences) {
        rows.push([r.stackName, r.status, `${resource.LogicalResourceId} (${resource.ResourceType})`, resource.StackResourceDriftStatus ?? '-',
          d?.PropertyPath ?? '-', d?.ExpectedValue ?? '-', d?.ActualValue ?? '-']);
      }
    }
  }
  options.printer.line(formatTable(rows));
  const drifted = results.filter((r) => r.status === 'DRIFTED');
  if (options.fail && drifted.length) {
    throw new DeployError('DriftDetected', `${drifted.map((d) => d.stackName).join(', ')} ${drifted.length === 1 ? 'has' : 'have'} drifted from ${drifted.length === 1 ? 'its template' : 'their templates'}: ` +
      'bring the resources back, or deploy the template that describes them');
  }
  return results;
}
