import {
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  Stack,
  StackEvent,
} from '@aws-sdk/client-cloudformation';
import { explainAwsError } from '../aws';
import { DeployError } from '../errors';
import { Interrupt } from '../interrupt';
import { Printer } from '../printer';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';

export function isMissingStackError(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  return e.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

/** The deployed stack, or undefined when there is none (DescribeStacks answers a ValidationError). */
export async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return out.Stacks?.[0];
  } catch (err) {
    if (isMissingStackError(err)) return undefined;
    throw explainAwsError(err, `describing stack ${stackName}`);
  }
}

/** Terminal per "Stack status codes" (CloudFormation User Guide): nothing more will happen on its own. */
export function isTerminal(status: string | undefined): boolean {
  return status === undefined || status === 'REVIEW_IN_PROGRESS' || !status.endsWith('_IN_PROGRESS');
}

export function isSuccess(status: string | undefined): boolean {
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'IMPORT_COMPLETE';
}

/**
 * The stack's events since an operation started, oldest first. DescribeStackEvents answers newest
 * first and paginated, so read pages until an event is older than the start or already seen.
 */
export async function eventsSince(cfn: CloudFormationClient, stackName: string, since: Date, seen: Set<string>): Promise<StackEvent[]> {
  const found: StackEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: nextToken }));
    for (const event of page.StackEvents ?? []) {
      if ((event.Timestamp && event.Timestamp < since) || seen.has(event.EventId!)) return found.reverse();
      found.push(event);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found.reverse();
}

export function formatEvent(event: StackEvent): string {
  const time = event.Timestamp?.toISOString().slice(11, 19) ?? '--:--:--';
  const reason = event.ResourceStatusReason ? ` (${event.ResourceStatusReason})` : '';
  return `${time} ${event.ResourceStatus} ${event.ResourceType} ${event.LogicalResourceId}${reason}`;
}

export interface WaitOptions {
  readonly cfn: CloudFormationClient;
  readonly stackName: string;
  readonly since: Date;
  readonly printer: Printer;
  readonly pollIntervalMs: number;
  readonly interrupt: Interrupt;
  /** Events already printed; the failures of this operation are collected from them. */
  readonly events?: StackEvent[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How often a wait asks DescribeStacks even though no event said the operation ended: a safety
 * net only, so a stack whose own terminal event is missing or late is still seen to finish.
 */
const STATUS_CHECK_EVERY = 8;

/** The stack's own event (not a resource's) with a terminal status: the operation has ended. */
function endsOperation(stackName: string, event: StackEvent): boolean {
  return event.ResourceType === 'AWS::CloudFormation::Stack' && event.LogicalResourceId === stackName
    && event.ResourceStatus !== undefined && isTerminal(event.ResourceStatus);
}

/**
 * Streams the stack's events as progress lines until it reaches a terminal status. Returns the
 * final stack, or undefined once it is gone. On a stop request it returns at once, leaving the
 * operation running.
 *
 * Each poll is one DescribeStackEvents call. CloudFormation records the stack's own status
 * changes as events of the stack itself (resource type `AWS::CloudFormation::Stack`, logical id
 * the stack name; "Monitoring the progress of a stack update", CloudFormation User Guide), so
 * DescribeStacks is asked only once such an event shows a terminal status, and every few polls
 * as a safety net: half the calls of asking both each time, which matters when many stacks are
 * watched at once. The first poll comes one interval after the start: the caller has just started
 * the operation (or seen it running), so nothing can have settled before.
 */
export async function waitForStack(options: WaitOptions): Promise<Stack | undefined> {
  const { cfn, stackName, printer } = options;
  const seen = new Set<string>();
  const collected = options.events ?? [];
  const printNewEvents = async (): Promise<StackEvent[]> => {
    const fresh = await eventsSince(cfn, stackName, options.since, seen);
    for (const event of fresh) {
      seen.add(event.EventId!);
      collected.push(event);
      printer.line(`${stackName} | ${formatEvent(event)}`);
    }
    return fresh;
  };
  let ended = false;
  for (let poll = 1; ; poll++) {
    await sleep(options.pollIntervalMs);
    let stack: Stack | undefined;
    try {
      const endedNow = (await printNewEvents()).some((event) => endsOperation(stackName, event));
      ended ||= endedNow;
      if (ended || poll % STATUS_CHECK_EVERY === 0) {
        stack = await describeStack(cfn, stackName);
        if (!stack) return undefined;
        if (isTerminal(stack.StackStatus)) {
          // The events that led to the terminal status arrive with it: print them before returning,
          // unless the stack's own terminal event, its last, was among those just printed.
          if (!endedNow) await printNewEvents();
          return stack;
        }
      }
    } catch (err) {
      if (isMissingStackError(err)) return undefined;
      throw explainAwsError(err, `watching stack ${stackName}`);
    }
    if (options.interrupt.requested) {
      stack ??= await describeStack(cfn, stackName);
      throw new DeployError('Interrupted',
        `${stackName}: stopped watching while ${stack?.StackStatus}; the CloudFormation operation goes on. ` +
        `See it with \`listbackup-deploy status\`, then run the same deploy again to resume.`);
    }
  }
}

/** The failed resources of an operation with their reasons, oldest first (the root cause comes first). */
export function failedResources(stackName: string, events: StackEvent[]): { logicalId: string; type: string; reason: string }[] {
  const failed = events.filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason);
  const resources = failed.filter((e) => e.LogicalResourceId !== stackName);
  return (resources.length ? resources : failed).map((e) => ({
    logicalId: e.LogicalResourceId ?? '?', type: e.ResourceType ?? '?', reason: e.ResourceStatusReason ?? '',
  }));
}
