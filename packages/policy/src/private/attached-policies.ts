import { CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket, CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { CfnQueue, CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement, statementsOf } from './policy-document';
import { logicalIdOf, refersTo, resolved, stackResources } from './stack-resources';

/**
 * The statements of the bucket or queue policies of the same stack that name this bucket or queue.
 * Policies live in their own resources, so a rule on the bucket or queue looks them up.
 */
export function attachedPolicyStatements(node: CfnBucket | CfnQueue): PolicyStatement[] {
  const id = logicalIdOf(node);
  return stackResources(node).flatMap((r: CfnResource) => {
    if (node instanceof CfnBucket && r instanceof CfnBucketPolicy && refersTo(resolved(r, r.bucket), id)) {
      return statementsOf(resolved(r, r.policyDocument));
    }
    if (node instanceof CfnQueue && r instanceof CfnQueuePolicy && refersTo(resolved(r, r.queues), id)) {
      return statementsOf(resolved(r, r.policyDocument));
    }
    return [];
  });
}
