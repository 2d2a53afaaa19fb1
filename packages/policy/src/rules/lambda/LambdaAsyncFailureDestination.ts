import { CfnResource } from 'aws-cdk-lib/core';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnEventInvokeConfig, CfnFunction, CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList } from '../../private/policy-document';
import { renderResolved } from '../../private/resolved-text';
import { compliantWhen } from '../../private/rule-result';
import { logicalIdOf, refersTo, resolved, stackResources } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/**
 * Services that invoke Lambda asynchronously (Lambda developer guide, "Invoking a Lambda function
 * asynchronously" and the services' own pages): a permission for one of them means events arrive
 * that Lambda retries twice and then drops, unless the function has somewhere to send them.
 */
const ASYNC_INVOKERS = [
  'events.amazonaws.com', 's3.amazonaws.com', 'sns.amazonaws.com', 'ses.amazonaws.com', 'logs.amazonaws.com',
  'iot.amazonaws.com', 'config.amazonaws.com', 'codecommit.amazonaws.com', 'cloudformation.amazonaws.com',
];

/** Whether something in the stack invokes the function asynchronously: a rule target or a permission for an async invoker. */
function invokedAsynchronously(node: CfnFunction): boolean {
  const id = logicalIdOf(node);
  return stackResources(node).some((r) => {
    if (r instanceof CfnRule) {
      return asList(resolved(r, r.targets)).some((t) => refersTo((t as { arn?: unknown }).arn, id));
    }
    if (r instanceof CfnPermission) {
      const principal = renderResolved(resolved(r, r.principal)).replace(/\.[^.]+\.amazonaws\.com$/, '.amazonaws.com');
      return refersTo(resolved(r, r.functionName), id) && ASYNC_INVOKERS.some((p) => principal === p || principal.endsWith(`.${p}`));
    }
    return false;
  });
}

/** Whether the function has an on-failure destination (EventInvokeConfig) or a dead-letter queue. */
function hasFailureTarget(node: CfnFunction): boolean {
  if (resolved(node, node.deadLetterConfig)?.targetArn) return true;
  const id = logicalIdOf(node);
  return stackResources(node).some((r) => r instanceof CfnEventInvokeConfig &&
    refersTo(resolved(r, r.functionName), id) && Boolean(resolved(r, r.destinationConfig)?.onFailure?.destination));
}

/**
 * A function that something in its stack invokes asynchronously (an EventBridge rule target, or a
 * permission for S3, SNS, EventBridge, …) has a dead-letter queue or an on-failure destination.
 */
export const LambdaAsyncFailureDestination: PolicyRule = {
  id: 'LambdaAsyncFailureDestination',
  level: NagMessageLevel.ERROR,
  info: 'The asynchronously invoked Lambda function has neither a dead-letter queue nor an on-failure destination.',
  explanation: 'Lambda retries a failed asynchronous invocation twice and then discards the event: without a place to ' +
    'send it the event is lost without a trace. Set deadLetterQueue (DeadLetterConfig) or an onFailure destination.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnFunction) || !invokedAsynchronously(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(hasFailureTarget(node));
  },
};
