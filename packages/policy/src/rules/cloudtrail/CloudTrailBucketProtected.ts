import { CfnResource } from 'aws-cdk-lib/core';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { logicalIdOf, refersTo, resolved, stackResources } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/**
 * A trail's bucket in the same stack keeps its files from silent deletion: it has S3 Object Lock
 * on, or server access logging (which records every delete). A bucket outside the stack (an
 * organisation's log archive) is not seen and not judged.
 */
export const CloudTrailBucketProtected: PolicyRule = {
  id: 'CloudTrailBucketProtected',
  level: NagMessageLevel.ERROR,
  info: 'The CloudTrail trail writes to a bucket that has neither S3 Object Lock nor server access logging.',
  explanation: 'Trail files are the evidence of who read or changed data: in an unprotected bucket they can be deleted ' +
    'with no trace. Deliver to a bucket with Object Lock (objectLockDefaultRetention) and its own server access logs.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnTrail)) return NagRuleCompliance.NOT_APPLICABLE;
    const bucketName = resolved(node, node.s3BucketName);
    const bucket = stackResources(node).find((r): r is CfnBucket => r instanceof CfnBucket && refersTo(bucketName, logicalIdOf(r)));
    if (!bucket) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(bucket, bucket.objectLockEnabled) === true || Boolean(resolved(bucket, bucket.loggingConfiguration)));
  },
};
