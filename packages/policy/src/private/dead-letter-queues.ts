import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { asList } from './policy-document';
import { logicalIdOf, refersTo, resolved, stackResources } from './stack-resources';

/**
 * Whether the queue is a dead-letter queue of something in the same stack: another queue's
 * redrive target, a Lambda function's DeadLetterConfig, or an EventBridge rule target's
 * DeadLetterConfig.
 */
export function isDeadLetterQueue(node: CfnQueue): boolean {
  const id = logicalIdOf(node);
  return stackResources(node).some((r) => {
    if (r instanceof CfnQueue) return r !== node && refersTo(resolved(r, r.redrivePolicy)?.deadLetterTargetArn, id);
    if (r instanceof CfnFunction) return refersTo(resolved(r, r.deadLetterConfig)?.targetArn, id);
    if (r instanceof CfnRule) return asList(resolved(r, r.targets)).some((t) => refersTo((t as { deadLetterConfig?: { arn?: unknown } }).deadLetterConfig?.arn, id));
    return false;
  });
}
